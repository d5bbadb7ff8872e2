from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from minsheng.accounts import oidc_views
from minsheng.api.api import api
from minsheng.core.login import ThrottledAdminAuthenticationForm, ThrottledLoginView
from minsheng.notices.writers.views import export_plan
from minsheng.site.ops import views as ops

admin.site.site_header = "民生实事督办平台 · 管理后台"
admin.site.site_title = "民生实事督办平台"
admin.site.index_title = "数据管理"
admin.site.login_form = ThrottledAdminAuthenticationForm  # the same login throttle as /accounts/login/
handler500 = "minsheng.core.errors.server_error"  # Chinese, in the site's frame, never failing itself

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("metrics", ops.prometheus, name="metrics"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", oidc_views.Logout.as_view(), name="logout"),  # and at the provider, after SSO
    path("oidc/", include("mozilla_django_oidc.urls")),  # 统一身份认证: its pages 404 while it is off
    path("", include("minsheng.accounts.urls")),
    path("favicon.ico", RedirectView.as_view(url=static("minsheng/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("notices/", include("minsheng.notices.urls")),
    path("plans/<id:plan_id>/export.<str:ext>", export_plan, {}, name="plan_export"),
    path("", include("minsheng.reporting.reports.urls")),
    path("", include("minsheng.reporting.calendar.urls")),
    path("", include("minsheng.reporting.contributions.urls")),
    path("", include("minsheng.reporting.attachments.urls")),
    path("", include("minsheng.reporting.ledger.urls")),
    path("", include("minsheng.reporting.compliance.urls")),
    path("", include("minsheng.notifications.urls")),
    path("", include("minsheng.supervision.status.urls")),
    path("", include("minsheng.supervision.watch.urls")),
    path("", include("minsheng.supervision.problems.urls")),
    path("", include("minsheng.supervision.cascade.urls")),
    path("", include("minsheng.supervision.acceptance.urls")),
    path("", include("minsheng.supervision.orders.urls")),
    path("", include("minsheng.supervision.extensions.urls")),
    path("", include("minsheng.supervision.meetings.urls")),
    path("", include("minsheng.supervision.assessment.urls")),
    path("", include("minsheng.supervision.bulletins.urls")),
    path("", include("minsheng.dashboard.office.urls")),
    path("", include("minsheng.dashboard.dispatch.urls")),
    path("", include("minsheng.dashboard.public.urls")),
    path("", include("minsheng.dashboard.commitments.urls")),
    path("", include("minsheng.participation.urls")),
    path("", include("minsheng.participation.proposals.urls")),
    path("", include("minsheng.participation.problem_reports.urls")),
    path("", include("minsheng.participation.follows.urls")),
    path("", include("minsheng.participation.scoring.urls")),
    path("", include("minsheng.participation.votes.urls")),
    path("", include("minsheng.participation.evaluations.urls")),
    path("", include("minsheng.plans.urls")),
]
