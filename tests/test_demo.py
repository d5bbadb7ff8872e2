"""The demo: five seed plans with their projects, units and targets; one account per role; idempotent."""

from django.apps import apps
from django.contrib.auth import get_user_model

from minsheng.core.models import AuditEvent, Membership, Role
from minsheng.plans.models import Plan, PlanState, UnitRole
from minsheng.site.demo import load_demo
from tests.conftest import PASSWORD, plan, project


def test_five_seed_plans_with_their_project_counts(db):
    counts = {(p.region.name, p.year): p.projects.count() for p in Plan.objects.filter(is_demo=True)}
    assert counts == {
        ("济宁市", 2024): 30,
        ("济宁市", 2023): 30,
        ("济宁经济技术开发区", 2023): 22,
        ("微山县", 2024): 30,
        ("济宁高新区", 2022): 33,
    }
    assert set(Plan.objects.filter(is_demo=True).values_list("state", flat=True)) == {PlanState.PUBLISHED}


def test_weishan_item_rows_run_from_1_1_to_9_4(db):
    seqs = list(plan("微山县", 2024).projects.order_by("order").values_list("seq", flat=True))
    assert seqs[0] == "1.1" and seqs[-1] == "9.4"
    assert all("." in s for s in seqs)


def test_project_2_of_jining_2024(db):
    p = project("济宁市", 2024, "2")
    assert p.name == "为8200名独居老人安装火灾探测报警器"
    assert [r.unit.name for r in p.unit_roles.filter(role=UnitRole.LEAD)] == ["市消防救援支队"]
    assert [(i.target_value, i.unit) for i in p.indicators.all()] == [(8200, "名")]
    assert p.category.name == "一、老年人保障方面"


def test_2023_metadata_and_leaders(db):
    p = plan("济宁市", 2023)
    assert (p.doc_number, str(p.issued_date), p.approved_by) == (
        "济政发〔2023〕2号",
        "2023-01-16",
        "市十八届人大二次会议",
    )
    weishan = plan("微山县", 2024)
    assert weishan.doc_number == "微政发〔2024〕2号"
    assert weishan.projects.filter(leaders__name="张呈祥").exists()


def test_every_role_has_its_account(db):
    expected = {
        "office": (Role.OFFICE, "济宁市"),
        "weishan": (Role.OFFICE, "微山县"),
        "minzheng": (Role.REPORTER, "市民政局"),
        "minzheng_head": (Role.APPROVER, "市民政局"),
        "jiaoyu": (Role.REPORTER, "市教育局"),
        "weijian": (Role.REPORTER, "市卫生健康委"),
        "weishan_minzheng": (Role.REPORTER, "县民政局"),
        "leader": (Role.LEADER, "微山县"),
        "deputy": (Role.DEPUTY, "济宁市"),
        "deputy2": (Role.DEPUTY, "济宁市"),
        "deputy3": (Role.DEPUTY, "济宁市"),
    }
    for username, (role, scope) in expected.items():
        m = Membership.objects.get(user__username=username)
        assert (m.role, str(m.unit or m.region)) == (role, scope), username
    assert get_user_model().objects.get(username="admin").is_superuser
    assert get_user_model().objects.get(username="leader").person.name == "张呈祥"


def test_a_second_load_changes_nothing(db):
    load_demo(password="another-password")  # adds the demo reports the shared test world leaves out
    apps_loaded = ("core", "plans", "auth", "reporting", "supervision")
    models = [m for m in apps.get_models() if m._meta.app_label in apps_loaded]
    before = {m._meta.label: m.objects.count() for m in models}
    result = load_demo(password="another-password")
    after = {m._meta.label: m.objects.count() for m in models}
    assert result == {"regions": 0, "plans": [], "accounts": [], "reports": []}
    assert after == before
    assert get_user_model().objects.get(username="office").check_password(PASSWORD)


def test_loading_the_demo_is_audited(db):
    assert AuditEvent.objects.filter(model="plans.plan", action="import", via="demo").count() == 5


def test_the_demo_carries_a_sheet_of_each_grade_one_raised_twice(db):
    from minsheng.core.audit import events_for
    from minsheng.supervision.models import SupervisionOrder

    load_demo(password="another-password")
    orders = SupervisionOrder.objects.filter(is_demo=True)
    sheets = orders.filter(kind="notice")
    assert set(sheets.values_list("grade", flat=True)) == {"prompt", "warning", "serious"}
    assert orders.filter(kind="urge").exists()
    assert sorted(sheets.values_list("number", flat=True)) == [
        "督〔2024〕1号",
        "督〔2024〕2号",
        "督〔2024〕3号",
    ]
    raised = sheets.get(grade="serious")
    history = list(events_for(raised).order_by("at"))
    assert [e.action for e in history] == ["issue", "raise", "raise"]
    assert [e.changes["等级"] for e in history[1:]] == [["提示", "警示"], ["警示", "严重"]]
    assert all(e.at.year == 2024 for e in history) and raised.created_at.year == 2024
    ladder = sheets.get(trigger__startswith="behind_two_months")
    assert ladder.grade == "warning" and ladder.state == "issued"
    from minsheng.supervision.extensions.models import Extension

    assert sorted(Extension.objects.values_list("state", flat=True)) == ["granted", "requested"]
    granted = Extension.objects.get(state="granted")
    assert granted.granted_on.year == 2024 and granted.requested_at.year == 2024
