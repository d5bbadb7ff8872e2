from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from minsheng.api.api import api
from minsheng.core.login import ThrottledAdminAuthenticationForm, ThrottledLoginView
from minsheng.notices.export_views import export_plan

admin.site.site_header = "民生实事督办平台 · 管理后台"
admin.site.site_title = "民生实事督办平台"
admin.site.index_title = "数据管理"
admin.site.login_form = ThrottledAdminAuthenticationForm  # the same login throttle as /accounts/login/
handler500 = "minsheng.core.errors.server_error"  # Chinese, in the site's frame, never failing itself

urlpatterns = [
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("favicon.ico", RedirectView.as_view(url=static("minsheng/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("notices/", include("minsheng.notices.urls")),
    path("plans/<id:plan_id>/export.<str:ext>", export_plan, {}, name="plan_export"),
    path("", include("minsheng.reporting.urls")),
    path("", include("minsheng.reporting.ledger_urls")),
    path("", include("minsheng.reporting.office_urls")),
    path("", include("minsheng.notifications.urls")),
    path("", include("minsheng.supervision.status_urls")),
    path("", include("minsheng.supervision.lists_urls")),
    path("", include("minsheng.supervision.actions_urls")),
    path("", include("minsheng.supervision.bulletin_urls")),
    path("", include("minsheng.dashboard.office_urls")),
    path("", include("minsheng.dashboard.dispatch_urls")),
    path("", include("minsheng.dashboard.public_urls")),
    path("", include("minsheng.dashboard.cross_urls")),
    path("", include("minsheng.participation.hub_urls")),
    path("", include("minsheng.participation.proposal_urls")),
    path("", include("minsheng.participation.vote_urls")),
    path("", include("minsheng.participation.evaluation_urls")),
    path("", include("minsheng.plans.urls")),
]
