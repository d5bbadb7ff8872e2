"""The API's interactive documentation (Swagger UI), served like every other asset by minsheng itself:
the script and style sheet come from the npm package swagger-ui-dist (copied into static/vendor by
scripts/build_assets.mjs), the start-up script from this app, so the page works on an intranet with
no CDN and under the site's script-src 'self' policy."""

from django.middleware.csrf import get_token
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # Swagger UI would otherwise send the document to an outside validator
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        context = {
            "api": api,
            "swagger_settings": settings,
            # a session's writes carry the CSRF token (see auth.py); a Bearer token needs none
            "csrf_token_value": get_token(request) if signed_in else "",
        }
        return render(request, "api/swagger.html", context)
