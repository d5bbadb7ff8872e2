"""API fuzz: every operation of the OpenAPI document, with data schemathesis generates from it (valid
and invalid), sent in-process to the Django app by every demo role's Bearer token and anonymously.
No answer may be a 5xx, every answer is JSON, and every 4xx has a Chinese `detail` text.

The demo world is the tests' (the seed plans and accounts) plus the demo's reports and proposals, an
open vote and an open satisfaction evaluation, so ids drawn from real objects reach the deep code;
fields known to break things (periods, days, numbers, ids) are also drawn from hostile lists.

`MINSHENG_FUZZ_EXAMPLES` (default 10) sets the examples per operation, each sent by every caller;
`MINSHENG_FUZZ_SEED` (default 12) the seed: a run is reproducible, another seed explores further.
`pytest tests/test_api_fuzz.py -p no:xdist -s | grep fuzz` prints what was fuzzed."""

import json
import logging
import os
import re
import traceback
from collections import Counter
from contextlib import contextmanager
from io import StringIO
from urllib.parse import urlencode

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from minsheng.api.api import api
from minsheng.participation.demo import load_demo_proposals
from minsheng.participation.evaluations import workflow as evaluations
from minsheng.participation.models import Candidate, Proposal
from minsheng.plans.models import Indicator, Plan, Project
from minsheng.reporting.models import Report
from minsheng.site.demo_reports import load_demo_reports
from tests import vote_support
from tests.conftest import ROLE_USERS

EXAMPLES = int(os.environ.get("MINSHENG_FUZZ_EXAMPLES", "10"))
SEED = int(os.environ.get("MINSHENG_FUZZ_SEED", "12"))
CALLERS = [None, "outsider", *ROLE_USERS]  # None: anonymous
CHINESE = re.compile(r"[\u4e00-\u9fff]")

DOCUMENT = api.get_openapi_schema()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = {f"{op.method.upper()} {op.path}": op for op in (r.ok() for r in SCHEMA.get_all_operations())}

# What broke the API before: out-of-range periods, days and numbers, ids no column holds.
PERIODS = [
    "2024-07",
    "2024-W28",
    "2024-01",
    "2025-01",
    "9999-12",
    "0000-01",
    "9999-W52",
    "2024-W99",
    "2024-13",
    "2024-W00",
    "",
    "２０２４-07",
]
DAYS = ["2024-07-15", "2024-12-31", "2022-03-01", "9999-12-31", "0001-01-01", "2024-02-30", "七月", ""]
NUMBERS = [
    1e308,
    "1e20",
    "NaN",
    "Infinity",
    "-Infinity",
    -5,
    0,
    "12.5",
    "1,200",
    "99999999999.99999",
    10**25,
    "",
    None,
    "９",
    True,
    3,
    "40",
    1000,
]
HUGE_IDS = [0, -1, 2**31, 2**63, 10**25]
VERDICTS = ["satisfied", "basic", "unsatisfied", "非常满意", ""]


@pytest.fixture
def world(db, settings):
    """Objects for the operations to meet, and a token for every caller; the demo day."""
    settings.MINSHENG_TODAY = "2024-12-10"  # a satisfaction evaluation opens in December
    city = Plan.objects.get(region__name="济宁市", year=2024)
    office = get_user_model().objects.get(username="office")
    evaluation = evaluations.create(city, office)
    evaluations.step(evaluation, "open", office)
    settings.MINSHENG_TODAY = "2024-07-15"
    load_demo_reports()
    load_demo_proposals()
    vote = vote_support.session(state="open", candidates=4)
    reports = list(Report.objects.order_by("-period_start").values_list("pk", "project_id")[:400:20])
    projects = sorted({p for _, p in reports} | set(Project.objects.values_list("pk", flat=True)[:200:25]))
    # projects the demo reporters lead, drawn more often, so that filing a report can succeed
    led = Project.objects.filter(
        plan__year=2024, unit_roles__role="lead", unit_roles__unit__membership__role="reporter"
    )
    led = list(led.values_list("pk", flat=True).distinct()[:6])
    tokens = {}
    for user in CALLERS[1:]:
        out = StringIO()
        call_command("token", user, stdout=out)
        tokens[user] = out.getvalue().strip()
    return {
        "tokens": tokens,
        "plan_id": list(Plan.objects.values_list("pk", flat=True)),
        "region": list(Plan.objects.values_list("region_id", flat=True).distinct()),
        "project_id": projects + led * 10,
        "report_id": [r for r, _ in reports],
        "session_id": [vote.pk],
        "evaluation_id": [evaluation.pk],
        "receipt": list(Proposal.objects.values_list("receipt", flat=True)[:5]),
        "indicator": list(Indicator.objects.filter(project__in=projects + led).values_list("pk", flat=True)),
        "choices": list(Candidate.objects.values_list("pk", flat=True)),
        "marks": [str(p) for p in city.projects.values_list("pk", flat=True)],
    }


def _sometimes(data, value, options):
    return data.draw(st.one_of(st.just(value), st.sampled_from(options)))


def _hostile(data, key, value, world):
    """The generated value, or one drawn from what is known to reach deep or to break things."""
    if key == "period":
        return _sometimes(data, value, PERIODS)
    if key == "as_of":
        return _sometimes(data, value, DAYS)
    if key in ("value", "funds_arranged", "funds_paid"):
        return _sometimes(data, value, NUMBERS)
    if key == "indicator":
        return _sometimes(data, value, world["indicator"] + HUGE_IDS)
    if key == "choices":
        ids = st.sampled_from(world["choices"] + HUGE_IDS)
        return data.draw(st.one_of(st.just(value), st.lists(ids, max_size=5)))
    if key == "marks":
        marks = st.dictionaries(st.sampled_from(world["marks"] + ["x", "1" * 25]), st.sampled_from(VERDICTS))
        return data.draw(st.one_of(st.just(value), marks, st.just(dict.fromkeys(world["marks"], "basic"))))
    if isinstance(value, dict):
        return {k: _hostile(data, k, v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(data, None, v, world) for v in value]
    return value


def _plausible(label: str, world) -> st.SearchStrategy | None:
    """Bodies of the right shape with real ids and hostile values, to get past the first checks."""
    number = st.sampled_from(NUMBERS)
    if label == "POST /api/v1/projects/{project_id}/reports":
        value = st.fixed_dictionaries(
            {"indicator": st.sampled_from(world["indicator"] + HUGE_IDS), "value": number},
            optional={"comment": st.text(max_size=5)},
        )
        return st.just({"period": "2024-07", "narrative": "已完成入户评估。"}) | st.fixed_dictionaries(
            {"period": st.sampled_from(PERIODS[:2] * 2 + PERIODS), "values": st.lists(value, max_size=3)},
            optional={
                "confirm": st.booleans(),
                "lag_reason": st.just("测试原因"),
                "funds_arranged": number,
                "funds_paid": number,
                "version": st.sampled_from([1, 2, *HUGE_IDS]),
                "problems": st.lists(st.text(max_size=10), max_size=3),
                "narrative": st.text(max_size=20),
                "milestones": st.dictionaries(st.sampled_from(["1", "x", "1" * 25]), st.sampled_from(DAYS)),
            },
        )
    if label == "POST /api/v1/proposals":
        valid = {
            "title": "增设社区食堂",
            "content": "希望在小区附近增设老年食堂，方便老人就餐。",
            "region": "济宁市",
        }
        return st.just(valid) | st.fixed_dictionaries(
            {
                "title": st.sampled_from(["增设社区食堂", "", "题" * 300]),
                "content": st.sampled_from(["希望在小区附近增设老年食堂，方便老人就餐。", "短"])
                | st.text(max_size=60),
                "region": st.sampled_from(["济宁市", "微山县", "不存在", "1" * 25, -1, *world["region"]]),
            },
            optional={
                "year": st.sampled_from([2025, "2025", 10**25, "明年", -1, None]),
                "category": st.sampled_from(["养老服务", "其他", "", "类" * 50]),
                "phone": st.sampled_from(["13800000000", "1" * 40, ""]),
            },
        )
    return None


def _request(case, data, world, plausible) -> tuple[str, str, bytes | None]:
    """(method, path with query, JSON body) of the case, with real ids and hostile values mixed in."""
    params = dict(case.path_parameters or {})
    for name in params:
        if world.get(name):
            params[name] = _sometimes(data, params[name], world[name])
    path = case.operation.path
    for name, value in params.items():
        path = path.replace("{" + name + "}", str(value).replace("/", "%2F").replace("?", "%3F"))
    query = {k: _hostile(data, k, v, world) for k, v in (case.query or {}).items()}
    query = {k: v for k, v in query.items() if v is not None}
    body = None
    if case.body is not None and type(case.body).__name__ != "NotSet":
        content = _hostile(data, None, case.body, world)
        if plausible is not None and data.draw(st.integers(0, 3)):  # three times in four
            content = data.draw(plausible)
        body = content if isinstance(content, bytes) else json.dumps(content, ensure_ascii=False).encode()
    target = "/api/v1" + path.removeprefix("/api/v1")
    return case.method.upper(), f"{target}?{urlencode(query, doseq=True)}" if query else target, body


@contextmanager
def _server_errors():
    """The exceptions the views raised, and no warning noise from the thousands of 4xx."""
    seen = []

    def record(sender, request=None, **kwargs):
        seen.append("".join(traceback.format_exc(limit=-3)))

    got_request_exception.connect(record)
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        yield seen
    finally:
        quiet.level = level
        got_request_exception.disconnect(record)


def _problem(response) -> str | None:
    """What is wrong with an answer: a 5xx, a 2xx that is not JSON, or a 4xx whose body is not a JSON
    object with a Chinese `detail` text (the one format of every refusal of the API)."""
    if response.status_code >= 500:
        return "5xx"
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"{response.status_code} that is not JSON"
    if response.status_code < 400:
        return None
    detail = body.get("detail") if isinstance(body, dict) else None
    if not (isinstance(detail, str) and CHINESE.search(detail)):
        return f"4xx whose detail is not a Chinese text: {detail!r}"[:200]
    return None


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_never_fails_and_refuses_in_chinese(world, label):
    operation = OPERATIONS[label]
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    if any(p for p in (operation.path_parameters, operation.query, operation.body)):
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    clients = {user: Client(HTTP_AUTHORIZATION=f"Bearer {world['tokens'][user]}") for user in CALLERS[1:]}
    clients[None] = Client()
    statuses, problems, examples = Counter(), [], []
    plausible = _plausible(label, world)

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        case = data.draw(st.one_of(*strategies))
        method, url, body = _request(case, data, world, plausible)
        examples.append(url)
        address = f"198.51.100.{len(examples) % 250}"  # the proposals' hourly limit counts per client
        for user, client in clients.items():
            with _server_errors() as errors:
                response = client.generic(
                    method, url, body or b"", content_type="application/json", REMOTE_ADDR=address
                )
            statuses[response.status_code] += 1
            problem = _problem(response)
            if problem:
                problems.append(
                    f"{problem} for {user or '匿名'}: {method} {url} {(body or b'')[:300]!r} → "
                    f"{response.status_code} {response.content[:200]!r} {''.join(errors)}"
                )

    for client in clients.values():
        client.raise_request_exception = False
    fuzz()
    print(f"\nfuzzed {label}: {len(examples)} examples × {len(clients)} callers, answers {dict(statuses)}")
    assert not problems, "\n\n".join(problems[:10])


def test_the_fuzz_covers_every_operation_of_the_document():
    operations = {f"{m.upper()} {p}" for p, ops in DOCUMENT["paths"].items() for m in ops}
    assert operations == set(OPERATIONS) and len(operations) >= 19
    print(
        f"\nAPI fuzz: {len(operations)} operations × {len(CALLERS)} callers "
        f"({len(CALLERS) - 1} roles' tokens and anonymous), {EXAMPLES} examples each, seed {SEED}"
    )
