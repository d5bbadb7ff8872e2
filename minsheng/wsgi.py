import os

from django.core.wsgi import get_wsgi_application

from minsheng.core import datadir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
datadir.prepare()  # every worker reads the same key from disk
application = get_wsgi_application()

from minsheng.core.checks import production_key_refusal  # noqa: E402 — needs the settings loaded

production_key_refusal()  # no worker serves with a weak SECRET_KEY and DEBUG off
