"""Scope matrix from the URL conf: every URL pattern and every API operation is either in the matrix,
with a way to name an object outside a role's scope, or in a table of routes that name no object (with
the reason). A new route that is in neither fails `test_every_route_is_in_the_matrix`.

For each route in the matrix, on the city's objects (the Weishan unit reporter, the Weishan office,
`outsider` and the public) and on Weishan's (the city's 民政局 reporter): GET and POST answer 403/404 —
401 from the API and a redirect to the login page for the anonymous public — or 405 when the route
takes no such method (refused before any object is read); and nothing is written: the row counts of
every minsheng table, the audit trail included, are the same afterwards."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.crawl.conftest import DEMO_TODAY
from tests.crawl.scope_objects import build

OUTSIDE = {"city": ["weishan_minzheng", "weishan", "outsider", None], "weishan": ["minzheng"]}


def pk(key):
    return lambda o: o[key].pk


def args(*keys):
    """The reverse() arguments: object pks, or literal strings given as ="…"."""
    return lambda o: [
        k[1:] if k.startswith("=") else (o[k].pk if hasattr(o[k], "pk") else o[k]) for k in keys
    ]


# URL name -> the arguments naming an object outside the roles' scope. Reads of published objects are
# open to everyone, so read pages are asked about the draft plan and its project.
MATRIX = {
    "notices:review": args("notice_import"),
    "notices:meta": args("notice_import"),
    "notices:row": args("notice_import", "=0"),
    "notices:edit_project": args("notice_import", "=0"),
    "notices:link": args("notice_import", "=0"),
    "notices:mark": args("notice_import"),
    "notices:commit": args("notice_import"),
    "notices:discard": args("notice_import"),
    "plan_export": args("draft_plan", "=xlsx"),
    "calendar:edit": args("plan"),
    "reports:form": args("project"),
    "reports:form_period": args("project", "month"),
    "contributions:form": args("project"),
    "contributions:form_period": args("project", "month"),
    "reports:detail": args("report"),
    "reports:decide": args("report"),
    "attachments:file": args("attachment"),
    "attachments:thumbnail": args("attachment"),
    "attachments:publicity": args("attachment"),
    "ledger:row": args("project", "week"),
    "ledger:plan": args("draft_plan"),
    "ledger:export": args("draft_plan"),
    "ledger:import": args("plan"),
    "compliance:plan": args("plan"),
    "compliance:reopen": args("plan"),
    "notifications:open": args("notification"),
    "notifications:read": args("notification"),
    "status:trajectory": args("project"),
    "problems:plan": args("plan"),
    "problems:plan_export": args("plan"),
    "problems:plan_export_docx": args("plan"),
    "problems:new": args("plan"),
    "problems:detail": args("problem"),
    "problems:act": args("problem"),
    "cascade:project": args("draft_project"),
    "acceptance:project": args("project"),
    "acceptance:year_end": args("project"),
    "acceptance:decide": args("acceptance"),
    "acceptance:plan": args("plan"),
    "orders:project": args("project"),
    "orders:urge": args("project"),
    "orders:new": args("project"),
    "orders:instruct": args("project"),
    "orders:reply": args("instruction"),
    "orders:detail": args("notice"),
    "orders:answer": args("notice"),
    "orders:close": args("notice"),
    "orders:send_back": args("notice"),
    "orders:confirm": args("proposed_notice"),
    "orders:dismiss": args("proposed_notice"),
    "extensions:project": args("project"),
    "extensions:new": args("project"),
    "extensions:decide": args("extension"),
    "meetings:decision_done": args("decision"),
    "assessment:unit": args("lead"),
    "accounts:detail": args("account"),
    "accounts:act": args("account"),
    "assessment:entry_withdraw": args("assessment_entry"),
    "bulletins:list": args("draft_plan"),
    "bulletins:generate": args("plan"),
    "bulletins:detail": args("bulletin"),
    "bulletins:edit": args("bulletin"),
    "bulletins:download": args("bulletin", "=docx"),
    "public:plan": args("draft_plan"),
    "public:plan_csv": args("draft_plan"),
    "public:plan_json": args("draft_plan"),
    "public:project": args("draft_project"),
    "public:photo": args("attachment"),
    "public:qr": args("draft_project"),
    "public:sign": args("draft_project"),
    "problem_reports:new": args("draft_project"),
    "problem_reports:done": args("draft_project"),
    "problem_reports:moderate": args("problem_report"),
    "follows:project": args("draft_project"),
    "commitments:detail": args("draft_project"),
    "proposals:detail": args("proposal"),
    "proposals:act": args("proposal"),
    "scoring:score": args("proposal"),
    "votes:session": args("session"),
    "votes:settings": args("session"),
    "votes:open": args("session"),
    "votes:close": args("session"),
    "votes:publish": args("session"),
    "votes:second_round": args("session"),
    "votes:candidate": args("candidate"),
    "votes:ballot": args("session"),
    "votes:result": args("session"),
    "evaluations:detail": args("evaluation"),
    "evaluations:vote": args("evaluation"),
    "evaluations:step": args("evaluation", "=open"),
    "evaluations:survey": args("draft_project"),
    "evaluations:survey_thanks": args("draft_project"),
    "plans:detail": args("draft_plan"),
    "plans:edit": args("plan"),
    "plans:project": args("draft_project"),
    "plans:project_edit": args("project"),
    "plans:indicator_create": args("project"),
    "plans:indicator_edit": args("indicator"),
}

# Routes that name no object: what scopes them instead.
NO_OBJECT = {
    "healthz": "the platform's health for a load balancer: no record, no person",
    "metrics": "counts only, and only with the operator's bearer token (tests/test_ops.py)",
    "login": "the login form",
    "logout": "ends one's own session",
    "oidc_authentication_init": "统一身份认证: to the identity provider's sign-in page (404 while OIDC is off)",
    "oidc_authentication_callback": "统一身份认证: signs in the provider's subject, roles from its claims only",
    "oidc_logout": "ends one's own session (POST)",
    "favicon.ico": "a static redirect",
    "status:colours": "the five status colours as a stylesheet, the same for everyone",
    "admin": "Django's admin site: staff only, its own permissions (tests/test_admin.py)",
    "notices:upload": "offices only; the import is made in the office's own region",
    "notices:sample": "a static sample notice",
    "reports:inbox": "one's own queue, built from the scoping functions",
    "reports:approve_many": "reports_for(user), each approved only if the user is its approver in line",
    "ledger:week": "the user's own units' ledger",
    "compliance:office": "lists the plans the user may see",
    "notifications:list": "one's own notifications",
    "notifications:read_all": "one's own notifications",
    "problems:list": "lists problems_for(user)",
    "problems:export": "exports problems_for(user)",
    "problems:export_docx": "the same, as Word",
    "watch:list": "offices and leaders, over their own regions",
    "watch:urge_many": "each project urged only where the user may supervise it (orders.workflow.urge)",
    "orders:list": "orders_for(user)",
    "extensions:list": "offices and leaders, over their own regions",
    "meetings:home": "leaders_for(user): an office's leaders, a leader themself",
    "meetings:pack": "the same; a leader outside them is 404",
    "meetings:decision_new": "the same, and only the leader's region's office records",
    "accounts:password": "one's own password",
    "accounts:list": "offices only, the accounts holding a role within their regions",
    "accounts:new": "offices only; the unit or region chosen must be within their regions",
    "accounts:units": "offices only, their regions' units",
    "accounts:unit_new": "offices only; the region chosen must be within theirs",
    "accounts:audit": "offices only, events on records within their regions",
    "accounts:import": "offices only; every row's region and unit must be within theirs",
    "accounts:import_template": "offices only, a blank template",
    "assessment:home": "offices and leaders over their regions (a region id in the query is checked against them)",
    "assessment:scheme": "only the office of the region chosen (checked the same way)",
    "assessment:entry_new": "the same",
    "assessment:export": "the same as assessment:home, as .docx or .xlsx",
    "projects/<id:project_id>/notices/": "redirect to the renamed orders path, which checks the scope",
    "supervision/notices/": "redirect to the renamed orders path, which checks the scope",
    "supervision/notices/<id:pk>/": "redirect to the renamed orders path, which checks the scope",
    "dashboard:home": "the user's regions (a region id in the query is checked against them)",
    "dispatch:home": "the user's regions (as the dashboard)",
    "dispatch:docx": "the same, as .docx",
    "public:home": "published plans only",
    "participation:home": "a static page",
    "proposals:new": "public form",
    "proposals:done": "public thanks page",
    "proposals:track": "public form: the receipt is the proposer's secret",
    "proposals:track_receipt": "the receipt code is the capability; unknown codes are 404",
    "proposals:queue": "offices only, over their regions' proposals",
    "problem_reports:queue": "offices only, the reports on their regions' projects",
    "problem_reports:track": "the receipt code is the capability; unknown codes are 404",
    "problem_reports:lookup": "asks for a receipt; only an existing one leads on",
    "follows:proposal": "the proposal's receipt is the capability; unknown codes are 404",
    "follows:lookup": "asks for a 关注码; only an existing one leads on",
    "follows:page": "the 关注码 is the capability; unknown codes are 404",
    "follows:confirm": "the same",
    "follows:stop": "the same",
    "votes:home": "sessions of the user's regions",
    "scoring:page": "offices only, their shortlist",
    "scoring:candidates": "offices only, their shortlist",
    "evaluations:home": "evaluations of the user's regions",
    "evaluations:create": "offices only",
    "plans:list": "plans_for(user)",
    "plans:mine": "one's own projects",
    "plans:work_year": "one's own session's working year, among the years of plans_for(user)",
}

API = {
    ("GET", "/api/v1/plans/{plan_id}"): {"plan_id": "draft_plan"},
    ("GET", "/api/v1/projects/{project_id}"): {"project_id": "draft_project"},
    ("POST", "/api/v1/projects/{project_id}/reports"): {"project_id": "project"},
    ("GET", "/api/v1/projects/{project_id}/reports"): {"project_id": "project"},
    ("POST", "/api/v1/reports/{report_id}/submit"): {"report_id": "report"},
    ("POST", "/api/v1/reports/{report_id}/approve"): {"report_id": "report"},
    ("POST", "/api/v1/reports/{report_id}/return"): {"report_id": "report"},
    ("GET", "/api/v1/plans/{plan_id}/compliance"): {"plan_id": "plan"},
    ("GET", "/api/v1/plans/{plan_id}/status"): {"plan_id": "draft_plan"},
    ("GET", "/api/v1/sessions/{session_id}"): {"session_id": "session"},
    ("POST", "/api/v1/sessions/{session_id}/ballot"): {"session_id": "session"},
    ("GET", "/api/v1/sessions/{session_id}/result"): {"session_id": "session"},
    ("GET", "/api/v1/plans/{plan_id}/satisfaction"): {"plan_id": "draft_plan"},
    ("POST", "/api/v1/evaluations/{evaluation_id}/ballot"): {"evaluation_id": "evaluation"},
}
API_NO_OBJECT = {
    ("GET", "/api/v1/plans"): "plans_for(user)",
    ("POST", "/api/v1/proposals"): "public submission",
    ("GET", "/api/v1/proposals"): "offices only, their regions",
    ("GET", "/api/v1/proposals/{receipt}"): "the receipt code is the capability",
    ("GET", "/api/v1/sessions"): "sessions of the user's regions",
}

# A form body that would change something if a view forgot the scope.
FORM = {
    "name": "篡改",
    "title": "篡改",
    "text": "篡改",
    "comment": "篡改",
    "reasons": "篡改",
    "reply": "篡改",
    "response": "篡改",
    "decision": "approve",
    "action": "accept",
    "narrative": "篡改",
    "evidence": "篡改",
    "is_public": "1",
    "seats": "3",
    "score": "10",
    "respond_by": "2024-08-01",
    "unit": "1",
}
JSON = {"period": "2024-06", "values": [], "narrative": "篡改", "comment": "篡改", "choices": [], "marks": {}}
# Lists of a visible object's items: outside the scope they answer an empty list.
API_LISTS = {("GET", "/api/v1/projects/{project_id}/reports")}


def url_names(patterns=None, namespace=""):
    """Every URL pattern's name (namespaced), the admin site as one entry."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                yield "admin"
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else str(p.pattern)


def api_operations():
    from minsheng.api.api import api

    for path, ops in api.get_openapi_schema()["paths"].items():
        for method in ops:
            yield method.upper(), path


def test_every_route_is_in_the_matrix():
    names = {n for n in url_names() if not n.startswith("api:")}  # the API by its operations, below
    missing = sorted(names - MATRIX.keys() - NO_OBJECT.keys())
    assert not missing, f"add these URL patterns to MATRIX or NO_OBJECT: {missing}"
    assert not MATRIX.keys() & NO_OBJECT.keys()
    assert not sorted((MATRIX.keys() | NO_OBJECT.keys()) - names), "entries for routes that are gone"
    ops = set(api_operations())
    missing_ops = sorted(ops - API.keys() - API_NO_OBJECT.keys())
    assert not missing_ops, f"add these API operations to API or API_NO_OBJECT: {missing_ops}"
    assert not sorted((API.keys() | API_NO_OBJECT.keys()) - ops), "entries for operations that are gone"


@pytest.fixture(scope="module")
def objects(full_demo, django_db_blocker):
    with django_db_blocker.unblock():
        return {side: build(side) for side in OUTSIDE}


def row_counts() -> dict[str, int]:
    models = [m for m in apps.get_models() if m.__module__.startswith("minsheng.")]
    return {m._meta.label: m.objects.count() for m in models} | {"users": get_user_model().objects.count()}


def client_for(role):
    client = Client()
    if role:
        client.force_login(get_user_model().objects.get(username=role))
    return client


def refused(response, role, api: bool, listing: bool = False) -> bool:
    if response.status_code in {403, 404, 405}:
        return True
    if listing and response.status_code == 200:
        return response.json() == []
    if role is None and api:
        return response.status_code == 401
    if role is None and response.status_code == 302:
        return response["Location"].startswith(resolve_url("login"))
    return False


def check(url_for, method_sets, api=False, listing=False) -> list[str]:
    """Each role outside each side's objects, with each method: what was not refused."""
    failures = []
    for side, outside in OUTSIDE.items():
        url = url_for(side)
        for role in outside:
            client = client_for(role)
            for method in method_sets:
                if method == "GET":
                    response = client.get(url)
                elif api:
                    response = client.post(url, JSON, content_type="application/json")
                else:
                    response = client.post(url, FORM)
                if not refused(response, role, api, listing):
                    failures.append(f"{method} {url} as {role or 'public'} ({side}): {response.status_code}")
    return failures


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_outside_the_scope_nothing_is_read_or_written(objects, db, name):
    before = row_counts()
    with override_settings(MINSHENG_TODAY=DEMO_TODAY):
        failures = check(lambda side: reverse(name, args=MATRIX[name](objects[side])), ["GET", "POST"])
    assert not failures, "\n".join(failures)
    assert row_counts() == before


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_outside_the_scope_nothing_is_read_or_written(objects, db, operation):
    method, path = operation

    def url_for(side):
        return path.format(**{param: objects[side][key].pk for param, key in API[operation].items()})

    before = row_counts()
    with override_settings(MINSHENG_TODAY=DEMO_TODAY):
        failures = check(url_for, [method], api=True, listing=operation in API_LISTS)
    assert not failures, "\n".join(failures)
    assert row_counts() == before


# The control: inside the scope the same URLs work, so a refusal above is not a URL built wrong.
# Who is inside: the administrator, else the city object's owner (the 市民政局 reporter); routes whose
# object no one may open as built here are skipped, with the reason.
UNIT_ROUTES = [
    "reports:form",
    "reports:form_period",
    "ledger:row",
    "notifications:open",
    "notifications:read",
]
INSIDER = dict.fromkeys(UNIT_ROUTES, "minzheng")
INSIDE_SKIP = {
    "public:plan": "drafts are never public",
    "public:plan_csv": "drafts are never public",
    "public:plan_json": "drafts are never public",
    "public:project": "drafts are never public",
    "public:qr": "drafts are never public",
    "public:sign": "drafts are never public",
    "problem_reports:new": "drafts are never public",
    "problem_reports:done": "drafts are never public",
    "follows:project": "drafts are never public",
    "evaluations:survey": "drafts are never public",
    "evaluations:survey_thanks": "drafts are never public",
    "public:photo": "the photo is not public",
    "cascade:project": "the draft project has no county shares",
    "attachments:file": "no file stored",
    "attachments:thumbnail": "no file stored",
    "contributions:form": "for co-units",
    "contributions:form_period": "for co-units",
    "evaluations:vote": "only an open evaluation",
    "votes:ballot": "only an open session",
    "votes:result": "only a published session",
}


@pytest.mark.parametrize("name", sorted(MATRIX.keys() - INSIDE_SKIP.keys()))
def test_inside_the_scope_the_same_url_opens(objects, db, name):
    url = reverse(name, args=MATRIX[name](objects["city"]))
    with override_settings(MINSHENG_TODAY=DEMO_TODAY):
        response = client_for(INSIDER.get(name, "admin")).get(url)
    assert response.status_code not in {403, 404} and response.status_code < 500, (url, response.status_code)
