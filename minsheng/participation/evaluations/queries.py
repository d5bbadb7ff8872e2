"""Satisfaction results from the database, per project and per plan, in a fixed number of queries
whatever the number of projects or answers (two: the evaluation, the survey sums). Used by the public
board, the bulletin, the evaluation pages and the API.

What is public: a published evaluation's result and the survey's means. A closed but unpublished
evaluation's result is read only when the caller asks for it (the plan's office)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from minsheng.participation.evaluations import rules
from minsheng.participation.models import Evaluation, SurveyResponse, VoteState


@dataclass(frozen=True)
class ProjectSatisfaction:
    verdict: str | None = None  # of the shown evaluation; None without one or without votes
    counts: dict | None = None  # {verdict: n} when an evaluation result is shown
    survey: rules.Survey = field(default_factory=rules.Survey)
    evaluated: bool = False  # whether an evaluation result is shown at all

    @property
    def verdict_label(self) -> str:
        return rules.verdict_label(self.verdict)

    @property
    def has_any(self) -> bool:
        return self.evaluated or bool(self.survey.count)


@dataclass(frozen=True)
class PlanSatisfaction:
    evaluation: dict | None  # {"id", "title", "state", "published_at", "result"} of the shown one
    projects: dict[int, ProjectSatisfaction]
    survey: rules.Survey  # every answer of the plan

    def of(self, project_id: int) -> ProjectSatisfaction:
        return self.projects.get(project_id) or ProjectSatisfaction()

    @property
    def sentence(self) -> str:
        return rules.plan_sentence(self.evaluation["result"]) if self.evaluation else ""

    @property
    def has_any(self) -> bool:
        return self.evaluation is not None or bool(self.survey.count)

    def public_summary(self) -> dict:
        """Plain JSON-able values for the board's plan header and open data."""
        evaluation = None
        if self.evaluation:
            plan = self.evaluation["result"].get("plan", {})
            evaluation = {
                "title": self.evaluation["title"],
                "sentence": self.sentence,
                "counts": {rules.LABELS[v]: plan.get("counts", {}).get(v, 0) for v in rules.VERDICTS},
                "rate": plan.get("rate"),
            }
        survey = None
        if (mean := self.survey.mean) is not None:  # None exactly when there is no answer
            survey = {
                "mean": float(mean),
                "count": self.survey.count,
                "text": f"全部项目平均 {self.survey.mean_text} 分（共 {self.survey.count} 份评价）",
            }
        return {"evaluation": evaluation, "survey": survey}


def shown_evaluation(plan_id: int, office: bool = False, until: datetime.datetime | None = None):
    """The plan's latest published evaluation (published by `until`), or for the office also the
    latest closed one; None. One query."""
    states = [VoteState.PUBLISHED, VoteState.CLOSED] if office else [VoteState.PUBLISHED]
    found = Evaluation.objects.filter(plan_id=plan_id, state__in=states)
    if until is not None:
        found = found.exclude(state=VoteState.PUBLISHED, published_at__gt=until)
    return found.order_by("-published_at", "-closed_at", "-pk").first()


def surveys(plan_id: int, until: datetime.datetime | None = None) -> dict[int, rules.Survey]:
    """{project id: Survey} of the plan's projects with answers (by `until`). One query."""
    answers = SurveyResponse.objects.filter(project__plan_id=plan_id)
    if until is not None:
        answers = answers.filter(created_at__lte=until)
    rows = (
        answers.values("project")
        .annotate(total=Sum("score"), n=Count("pk"))
        .values_list("project", "total", "n")
    )
    return {pk: rules.Survey(total or 0, n) for pk, total, n in rows}


def project_survey(project_id: int) -> rules.Survey:
    found = SurveyResponse.objects.filter(project_id=project_id).aggregate(total=Sum("score"), n=Count("pk"))
    return rules.Survey(found["total"] or 0, found["n"])


def plan_satisfaction(
    plan_id: int, project_ids, office: bool = False, until: datetime.datetime | None = None
) -> PlanSatisfaction:
    """Results for every project of `project_ids` (the plan's projects), two queries."""
    evaluation = shown_evaluation(plan_id, office, until)
    answers = surveys(plan_id, until)
    stored = (evaluation.result or {}).get("projects", {}) if evaluation else {}
    projects = {}
    for pk in project_ids:
        mine = stored.get(str(pk)) if evaluation else None
        projects[pk] = ProjectSatisfaction(
            verdict=mine.get("verdict") if mine else None,
            counts=dict(mine["counts"]) if mine else None,
            survey=answers.get(pk, rules.Survey()),
            evaluated=evaluation is not None,
        )
    summary = None
    if evaluation is not None:
        summary = {
            "id": evaluation.pk,
            "title": evaluation.title,
            "state": evaluation.state,
            "published_at": evaluation.published_at,
            "result": evaluation.result or {},
        }
    return PlanSatisfaction(summary, projects, sum(answers.values(), rules.Survey()))


def bulletin_part(plan, moment: datetime.datetime) -> dict | None:
    """The bulletin's 满意度测评 section and its table, when the plan has a published evaluation or
    survey answers by `moment`; None otherwise. Three queries."""
    rows = list(plan.projects.order_by("order", "pk").values_list("pk", "seq", "name"))
    found = plan_satisfaction(plan.pk, [pk for pk, _, _ in rows], until=moment)
    if not found.has_any:
        return None
    result = found.evaluation["result"] if found.evaluation else None
    title = found.evaluation["title"] if found.evaluation else ""
    lines = [(name, found.of(pk).verdict, found.of(pk).survey) for pk, _, name in rows]
    table = []
    for pk, seq, name in rows:
        item = found.of(pk)
        table.append(
            {
                "seq": seq,
                "name": name,
                "verdict": item.verdict_label if item.evaluated else "未测评",
                "survey": f"{item.survey.mean_text}分（{item.survey.count}人{'' if item.survey.enough else '，样本不足'}）"
                if item.survey.count
                else "暂无评价",
            }
        )
    return {
        "text": rules.bulletin_text(result, lines, title),
        "figures": {"evaluated": result is not None, "table": table},
    }
