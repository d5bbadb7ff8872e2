"""The steps of the three lists as functions: who may read a problem, who may act on it, and the
steps of problem_rules done with conditional updates and audited (the pages call these)."""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from minsheng.core import clock, limits
from minsheng.core.audit import diff, log_action, snapshot
from minsheng.core.clock import now, today
from minsheng.core.errors import DomainError
from minsheng.core.models import Unit
from minsheng.core.roles import roles_of, under
from minsheng.plans.models import Plan, ProjectUnit, UnitRole
from minsheng.plans.scoping import can_change_plan, projects_for
from minsheng.supervision.models import Problem
from minsheng.supervision.problems import rules


class ProblemError(DomainError):
    """Refused; `messages` are for the user, in Chinese."""

    default_message = "问题未能保存。"


# ── scoping ─────────────────────────────────────────────────────────────────────────────────────────


def problems_for(user) -> QuerySet[Problem]:
    roles = roles_of(user)
    problems = Problem.objects.filter(project__in=projects_for(user))
    if roles.is_admin:
        return problems
    q = under(roles.read_paths + roles.deputy_paths, "project__plan__region__path")
    if roles.unit_ids:
        units = ProjectUnit.objects.filter(unit__in=roles.unit_ids).values("project")
        q |= Q(project__in=units) | Q(responsible_unit__in=roles.unit_ids)
    return problems.filter(q)


def may_read_plan(user, plan: Plan) -> bool:
    """Whether the user may open the plan's list: its offices, leaders and deputies, and the units that
    work on one of its projects or answer for one of its problems."""
    roles = roles_of(user)
    if roles.is_admin or plan.region.path.startswith(roles.read_paths + roles.deputy_paths):
        return True
    if not roles.unit_ids:
        return False
    return (
        ProjectUnit.objects.filter(project__plan=plan, unit__in=roles.unit_ids).exists()
        or Problem.objects.filter(project__plan=plan, responsible_unit__in=roles.unit_ids).exists()
    )


def actors(user, problem: Problem) -> set[str]:
    """Which of the rules' actors the user is for this problem."""
    found = set()
    if can_change_plan(user, problem.project.plan):
        found.add(rules.OFFICE)
    unit_ids = roles_of(user).unit_ids
    if unit_ids:
        if problem.responsible_unit_id:
            responsible = {problem.responsible_unit_id}
        else:
            responsible = {r.unit_id for r in problem.project.unit_roles.all() if r.role == UnitRole.LEAD}
        if unit_ids & responsible:
            found.add(rules.UNIT)
    return found


# ── changes ─────────────────────────────────────────────────────────────────────────────────────────


def _label(state: str) -> str:
    return rules.STATE_LABELS.get(state, state)


def _claim(problem: Problem, user, step: rules.Step, fields: dict) -> bool | None:
    """Apply `fields` if the problem is still in one of the step's states, and audit what changed:
    True if something changed, False if nothing did, None if the problem had moved on meanwhile."""
    before = snapshot(problem)
    with transaction.atomic():
        claimed = Problem.objects.filter(pk=problem.pk, state__in=step.sources).update(
            **fields, updated_at=clock.now()
        )
        problem.refresh_from_db()
        if not claimed:
            return None
        changes = diff(before, snapshot(problem))
        if changes:
            log_action(problem, step.action, user, changes, via="web")
    return bool(changes)


def act(problem: Problem, user, action: str, text: str = "") -> bool:
    """Take one step of the rules; False when there was nothing to do (a double click)."""
    step, who = rules.step(action), actors(user, problem)
    if step and step.target and problem.state == step.target and step.actor in who:
        if step.needs == "measure" and rules.allowed("measure", who, problem.state):
            return act(problem, user, "measure", text)  # a second click still keeps a revised measure
        return False
    errors = rules.check(action, who, problem.state, text)
    errors += [m for m in [limits.text_error((text or "").strip(), "填写内容")] if m]
    if errors:
        raise ProblemError(*errors)
    text = text.strip()
    fields: dict = {"state": step.target} if step.target else {}
    if step.needs == "measure":
        fields["measure"] = text
    elif step.action == "verify":
        fields.update(verification=text, verified_by=user, verified_at=now())
    elif step.action == "send_back":
        fields.update(verification=f"退回整改：{text}", verified_by=None, verified_at=None)
    changed = _claim(problem, user, step, fields)
    if changed is None:
        if step.target and problem.state == step.target:
            return False
        raise ProblemError(f"该问题已变为“{_label(problem.state)}”，请刷新页面后再操作。")
    return changed


def assign(problem: Problem, user, unit: Unit | None, person: str, deadline: datetime.date | None) -> bool:
    """The office names the responsible unit, person and deadline; False when nothing changed."""
    errors = rules.check("assign", actors(user, problem), problem.state)
    if errors:
        raise ProblemError(*errors)
    if deadline and deadline != problem.deadline and deadline < today():
        raise ProblemError(f"整改时限不能早于今天（{today():%Y-%m-%d}）。")
    fields = {"responsible_unit": unit, "responsible_person": (person or "").strip(), "deadline": deadline}
    changed = _claim(problem, user, rules.step("assign"), fields)
    if changed is None:
        raise ProblemError(f"该问题已“{_label(problem.state)}”，不能再交办。")
    return changed


def create_problem(plan: Plan, user, data: dict) -> Problem:
    """The office adds a problem (from an inspection, a leader or deputy, the public) to a project."""
    if not can_change_plan(user, plan):
        raise ProblemError("只有本计划的督查室可以登记问题。")
    project = data["project"]
    unit = data.get("responsible_unit") or next(
        (r.unit for r in project.unit_roles.select_related("unit") if r.role == UnitRole.LEAD), None
    )
    with transaction.atomic():
        problem = Problem.objects.create(
            project=project,
            source=data["source"],
            description=data["description"].strip(),
            responsible_unit=unit,
            responsible_person=(data.get("responsible_person") or "").strip(),
            deadline=data.get("deadline"),
            created_by=user,
        )
        log_action(
            problem, "create", user, {k: [None, v] for k, v in snapshot(problem).items() if v}, via="web"
        )
    return problem


# ── forms ───────────────────────────────────────────────────────────────────────────────────────────
