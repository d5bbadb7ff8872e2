"""The public satisfaction survey: no login, projects of public plans only. A 0–100 score per answer;
the spam guard of every public form (a hidden field, a signed start time), at most
MINSHENG_SURVEYS_PER_HOUR answers per client per hour (429), and one answer per client, project and
day (a second one changes nothing). Saving an answer touches the plan's board stamp so the public
board shows the new mean at once."""

import datetime

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from minsheng.core import clock
from minsheng.participation import abuse
from minsheng.participation.evaluations import rules
from minsheng.participation.evaluations.queries import project_survey
from minsheng.participation.models import SurveyResponse
from minsheng.plans.board import touch
from minsheng.plans.models import Project
from minsheng.plans.scoping import public_projects
from minsheng.reporting.calendar.rules import SHANGHAI

TOO_MANY = "提交过于频繁，请一小时后再试。"
TODAY_DONE = "您今天已评价过该项目，感谢参与。每人每天对同一项目只能评价一次。"
DEFAULT_SCORE = 50


def _project(project_id: int) -> Project:
    return get_object_or_404(public_projects().select_related("plan__region"), pk=project_id)


def _day_start() -> datetime.datetime:
    """Midnight in Shanghai of the platform's today, the day `created_at` is stamped in (core.clock)."""
    return datetime.datetime.combine(clock.today(), datetime.time.min, SHANGHAI)


def _entered(post) -> dict:
    """What the citizen entered, to show the form again after a refusal: the typed number (only a
    sane score, never a strange text) and the slider, which follows the typed number when there is
    one (as the page's script keeps them), else its own value, else the default."""
    typed = rules.parse_number(post.get("score_typed"), rules.SURVEY_MAX)
    slider = rules.parse_number(post.get("score"), rules.SURVEY_MAX)
    score = typed if typed is not None else slider
    return {
        "score": DEFAULT_SCORE if score is None else score,
        "score_typed": "" if typed is None else typed,
    }


def _form(request, project: Project, error: str = "", status: int = 200):
    entered = _entered(request.POST) if request.method == "POST" else {}
    context = {
        "project": project,
        "plan": project.plan,
        "error": error,
        "score": entered.get("score", DEFAULT_SCORE),
        "score_typed": entered.get("score_typed", ""),
        "started": abuse.start_token(),
        "honeypot": abuse.HONEYPOT,
        "survey": project_survey(project.pk),
        "minimum": rules.SURVEY_MIN,
    }
    return render(request, "participation/evaluations/survey_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, project_id: int):
    project = _project(project_id)
    if request.method != "POST":
        return _form(request, project)
    client = abuse.client_of(request)
    if abuse.too_many("survey", SurveyResponse.objects.all(), client, settings.MINSHENG_SURVEYS_PER_HOUR):
        return _form(request, project, TOO_MANY, status=429)
    spam = abuse.spam_reason(request.POST)
    if spam:
        return _form(request, project, spam, status=400)
    score, problem = rules.parse_score(request.POST.get("score_typed"), request.POST.get("score"))
    if score is None:
        return _form(request, project, problem, status=422)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # one answer per client and day
        if SurveyResponse.objects.filter(
            project=project, client=client, created_at__gte=_day_start()
        ).exists():
            return _thanks(request, project, TODAY_DONE, status=409)
        SurveyResponse.objects.create(project=project, score=score, client=client)
        touch(project.plan_id)
    return redirect("evaluations:survey_thanks", project.pk)


def _thanks(request, project: Project, notice: str = "", status: int = 200):
    context = {
        "project": project,
        "plan": project.plan,
        "survey": project_survey(project.pk),
        "notice": notice,
    }
    return render(request, "participation/evaluations/survey_thanks.html", context, status=status)


@require_safe
def thanks(request, project_id: int):
    return _thanks(request, _project(project_id))
