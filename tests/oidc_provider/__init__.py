"""A minimal OpenID Connect provider for tests/test_oidc.py: django-oauth-toolkit with OIDC on, run as its
own process (`python -m django runserver`, DJANGO_SETTINGS_MODULE=tests.oidc_provider.settings) with its
own SQLite database, RSA key and claims file in OIDC_PROVIDER_DIR. `python -m django provider_setup`
migrates it, makes the key, the platform's application and a user, and writes the user's claims."""
