"""API for participation: proposals.

- `POST /proposals` — anyone, no login: `{"title", "content", "region"}` (region = id or name) and
  optionally category (default 其他), beneficiaries, phone, year → 201 `{"receipt", "state"}`. The
  checks and messages are those of the public form (422 with a Chinese `detail`); the hourly limit per
  client is the same database count as the page (429). The page's spam guard (hidden field, signed
  start time) does not apply: an API client renders no form — the rate limit is its guard.
- `GET /proposals/{receipt}` — anyone holding the receipt: its title, state and the office's reply.
- `GET /proposals` — supervision offices only (their regions and below; 403 for anyone else).
No answer ever carries a phone number."""

import datetime
from functools import wraps

from django.db.models import Q
from django.http import JsonResponse
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view

from minsheng.core.dates import ID_MAX
from minsheng.core.models import Region
from minsheng.participation import public_forms
from minsheng.participation.abuse import client_of
from minsheng.participation.models import Proposal, ProposalState
from minsheng.participation.proposals import workflow
from minsheng.participation.proposals.forms import ProposalForm, proposal_regions

router = Router(tags=["公众参与"])


class ProposalIn(Schema):
    title: str | None = None
    content: str | None = None
    region: int | str | None = None
    category: str | None = None
    beneficiaries: str | None = None
    phone: str | None = None
    year: int | str | None = None


class ReceiptOut(Schema):
    receipt: str
    state: str


class TrackOut(Schema):
    receipt: str
    title: str
    state: str
    state_label: str
    reply: str
    merged_into_title: str | None
    submitted_at: datetime.datetime


class ProposalItem(Schema):
    id: int
    region: str
    region_id: int
    year: int
    category: str
    title: str
    content: str
    beneficiaries: str
    state: str
    state_label: str
    reply: str
    merged_into: int | None
    submitted_at: datetime.datetime


class Refusal(Schema):
    detail: str


def form_regions() -> set[str]:
    return {str(pk) for pk in proposal_regions().values_list("pk", flat=True)}


def _region_id(value) -> str:
    """The region as the form's choice value: an id, or a name matched among proposal regions."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.isdigit():
        return text
    ids = [str(pk) for pk in proposal_regions().filter(name=text).values_list("pk", flat=True)]
    return ids[0] if len(ids) == 1 else ""


def _counted(run):
    """Every post counts toward the hourly limit (the page's count), before the body is read: also one
    the schema refuses, so malformed bodies in a loop meet the 429 too."""

    @wraps(run)
    def inner(request, *args, **kwargs):
        limited = workflow.rate_limited(client_of(request))
        if limited:
            return JsonResponse({"detail": limited}, status=429)
        return run(request, *args, **kwargs)

    return inner


@router.post(
    "/proposals",
    response={201: ReceiptOut, 422: Refusal, 429: Refusal},
    auth=None,
    summary="提交民生实事建议（匿名）",
)
@decorate_view(_counted)
def submit_proposal(request, payload: ProposalIn):
    client = client_of(request)
    data = payload.dict()
    region = _region_id(data["region"])
    if data["region"] not in (None, "") and region not in form_regions():
        return Status(
            422,
            {"detail": f"未找到区划“{data['region']}”：请填写区划编号，或市、县（市、区）、功能区的名称。"},
        )
    data["region"] = region
    data["category"] = data["category"] or "其他"
    form = ProposalForm({k: v for k, v in data.items() if k != "year" and v is not None}, year=data["year"])
    if not form.is_valid():
        return Status(422, {"detail": "；".join(form.messages())})
    proposal = workflow.submit(form.submission(), client, via="api")
    return Status(201, {"receipt": proposal.receipt, "state": proposal.state})


@router.get(
    "/proposals/{receipt}", response={200: TrackOut, 404: Refusal}, auth=None, summary="凭回执码查询建议"
)
def track_proposal(request, receipt: str):
    code = public_forms.normalise_receipt(receipt)
    proposal = Proposal.objects.select_related("merged_into").filter(receipt=code).first() if code else None
    if proposal is None:
        return Status(404, {"detail": "未找到该回执码对应的建议。"})
    return Status(
        200,
        {
            "receipt": proposal.receipt,
            "title": proposal.title,
            "state": proposal.state,
            "state_label": proposal.get_state_display(),
            "reply": proposal.reply,
            "merged_into_title": proposal.merged_into.title if proposal.merged_into else None,
            "submitted_at": proposal.created_at,
        },
    )


@router.get(
    "/proposals",
    response={200: list[ProposalItem], 403: Refusal, 422: Refusal},
    summary="建议列表（督查室，按权限范围）",
)
def list_proposals(
    request,
    state: str | None = None,
    region: int | None = None,
    year: int | None = None,
    category: str | None = None,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
):
    proposals = workflow.office_proposals(request.auth)
    if proposals is None:
        return Status(403, {"detail": "建议列表仅对督查室开放。"})
    if state:
        if state not in ProposalState.values:
            return Status(422, {"detail": f"state 只能是：{'、'.join(ProposalState.values)}。"})
        proposals = proposals.filter(state=state)
    if region is not None:
        path = Region.objects.filter(pk=region).values_list("path", flat=True).first()
        proposals = proposals.filter(region__path__startswith=path) if path else proposals.none()
    if year is not None:
        proposals = proposals.filter(year=year)
    if category:
        proposals = proposals.filter(category=category)
    if q:
        proposals = proposals.filter(Q(title__icontains=q[:100]) | Q(content__icontains=q[:100]))
    if not 1 <= limit <= 500 or not 0 <= offset <= ID_MAX:
        return Status(422, {"detail": "limit 应在 1–500 之间，offset 不能为负，也不能超过 18 位数。"})
    rows = proposals.select_related("region").order_by("-created_at", "-pk")[offset : offset + limit]
    return Status(200, [_item(p) for p in rows])


def _item(p: Proposal) -> dict:
    return {
        "id": p.pk,
        "region": p.region.name,
        "region_id": p.region_id,
        "year": p.year,
        "category": p.category,
        "title": p.title,
        "content": p.content,
        "beneficiaries": p.beneficiaries,
        "state": p.state,
        "state_label": p.get_state_display(),
        "reply": p.reply,
        "merged_into": p.merged_into_id,
        "submitted_at": p.created_at,
    }
