"""Demo proposals for the next year's list, so the office finds a moderation queue with similar
proposals grouped, a shortlist to score, and a citizen can try a receipt code. Deterministic and
idempotent (fixed receipts starting with "DEMQ")."""

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.core.models import Region
from minsheng.participation.models import Proposal, ProposalState

S = ProposalState
PROPOSAL_YEAR = 2025  # the demo lives in 2024 (its clock is 2024-07-15): proposals for the next list
DEMO_PROPOSALS = [
    # (receipt, category, title, content, beneficiaries, state, reply)
    (
        "DEMQ2A3B4C",
        "城市建设",
        "老旧小区增设电动自行车充电桩",
        "老旧小区电动车进楼道充电隐患大，建议每个小区建设集中充电车棚和充电桩。",
        "老旧小区居民",
        S.SUBMITTED,
        "",
    ),
    (
        "DEMQ5D6E7F",
        "城市建设",
        "小区电动车集中充电设施建设",
        "建议在老旧小区建设电动车集中充电设施，解决电动车楼道充电的安全隐患。",
        "小区居民",
        S.SUBMITTED,
        "",
    ),
    (
        "DEMQ8G9H2J",
        "养老服务",
        "增加社区老年助餐点",
        "城区老年人就餐不便，建议每个社区建设老年助餐点，对高龄老人给予补贴。",
        "社区老年人",
        S.SHORTLISTED,
        "",
    ),
    (
        "DEMQ3K4L5M",
        "教育",
        "中小学课后托管全覆盖",
        "双职工家庭接孩子难，建议所有义务教育学校开展课后托管服务。",
        "中小学生家庭",
        S.SHORTLISTED,
        "",
    ),
    (
        "DEMQ6N7P8Q",
        "医疗卫生",
        "村卫生室配备常用慢病药品",
        "农村慢病患者取药要去乡镇，建议村卫生室配齐常用慢性病药品。",
        "农村慢病患者",
        S.SHORTLISTED,
        "",
    ),
    (
        "DEMQ9R2S3T",
        "交通出行",
        "增开城乡公交夜班线路",
        "城乡接合部晚上没有公交，建议增开夜班线路到22点。",
        "城郊居民",
        S.ACCEPTED,
        "已受理，正在征求交通运输部门意见。",
    ),
    (
        "DEMQ4U5V6W",
        "其他",
        "建设市民健身步道",
        "建议沿河建设健身步道。",
        "市民",
        S.REJECTED,
        "该事项已列入今年城建计划，不再重复列入民生实事。",
    ),
]


@transaction.atomic
def load_demo_proposals() -> list[str]:
    """Create the demo proposals that are missing (city of 济宁, next year's list); their receipts."""
    city = Region.objects.get(name="济宁市")
    existing = set(Proposal.objects.filter(receipt__startswith="DEMQ").values_list("receipt", flat=True))
    created = []
    for receipt, category, title, content, beneficiaries, state, reply in DEMO_PROPOSALS:
        if receipt in existing:
            continue
        proposal = Proposal.objects.create(
            receipt=receipt,
            region=city,
            year=PROPOSAL_YEAR,
            category=category,
            title=title,
            content=content,
            beneficiaries=beneficiaries,
            state=state,
            reply=reply,
        )
        log_action(proposal, "create", None, {"状态": [None, proposal.get_state_display()]}, via="demo")
        created.append(receipt)
    return created
