"""Make the test provider ready: its tables, an RSA signing key (key.pem, read by the settings when the
server starts), the platform's application (confidential, authorization code, RS256, no consent page)
and a user whose claims go to claims.json."""

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Migrate, make the RSA key, the platform's application and a user with claims."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)
        parser.add_argument("--post-logout-redirect-uri", default="")
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--claims", default="{}", help="the user's claims, as JSON")

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0)
        if not settings.KEY.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            settings.KEY.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
        Application.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "民生实事督办平台",
                "client_secret": options["client_secret"],  # stored hashed
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": options["redirect_uri"],
                "post_logout_redirect_uris": options["post_logout_redirect_uri"],
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,
            },
        )
        user, _ = get_user_model().objects.get_or_create(username=options["username"])
        user.set_password(options["password"])
        user.save()
        claims = json.loads(settings.CLAIMS.read_text(encoding="utf-8")) if settings.CLAIMS.exists() else {}
        claims[user.username] = json.loads(options["claims"])
        settings.CLAIMS.write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")
