"""The provider's claims: the ones a government's identity provider would be configured to send, read
per request from claims.json ({username: {claim: value}}) so a test can change them between sign-ins."""

import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    # Claims outside this mapping are dropped; the platform's roles come with the profile scope.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "minsheng_roles": "profile"}

    def get_additional_claims(self, request):
        claims = json.loads(settings.CLAIMS.read_text(encoding="utf-8")) if settings.CLAIMS.exists() else {}
        return {"preferred_username": request.user.username, **claims.get(request.user.username, {})}
