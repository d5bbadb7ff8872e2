"""The demo's quarterly topic meetings (季度专题会议) as of the demo day (15 July 2024), on 微山县's 2024
plan (the city's 2024 projects name no leaders): what three leaders in charge decided at their first- and
second-quarter meetings, on their lagging projects, with the units and the due dates. The first
quarter's decisions are nearly all done, each with its 落实情况; the second quarter's (the meetings of
early July) are partly open, one past its due date, so the second-quarter pack reports on the first
meeting and the third-quarter pack on the second.
Recorded through the meetings workflow by the county's office, each on the day it happened (the clock
set to that day), so the decisions and their audit events carry the moments they would have had.
Loaded once: nothing is written when those leaders already have decisions of those quarters."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from minsheng.core.models import Person
from minsheng.plans.models import Plan, UnitRole
from minsheng.site.demo_helpers import people
from minsheng.site.demo_script import DEMO_YEAR
from minsheng.supervision.meetings import workflow
from minsheng.supervision.meetings.models import MeetingDecision

D = datetime.date
REGION = "微山县"

# (leader, quarter): the day of the meeting, when the office recorded its decisions
MEETINGS = {
    ("张呈祥", 1): D(2024, 4, 9),
    ("步新华", 1): D(2024, 4, 11),
    ("蒋红星", 1): D(2024, 4, 12),
    ("张呈祥", 2): D(2024, 7, 5),
    ("步新华", 2): D(2024, 7, 8),
    ("蒋红星", 2): D(2024, 7, 9),
}

# (leader, quarter, project seq or None, decision, due date, done on or None, 落实情况)
DECISIONS = [
    ("张呈祥", 1, "3.1",
     "县卫生健康局4月底前完成10个房屋产权公有村卫生室的选址和设计审查，5月10日前全部开工建设。",
     D(2024, 5, 10), D(2024, 5, 8), "10个村卫生室已于5月8日前全部开工，其中3个完成主体施工。"),
    ("张呈祥", 1, "5.2",
     "县红十字会会同县卫生健康局，5月底前完成全县先心病、白血病患儿摸排，建立救助台账。",
     D(2024, 5, 31), D(2024, 5, 29), "摸排已完成，共筛查儿童2.6万人次，纳入救助台账17人，首批8人已转诊。"),
    ("张呈祥", 1, "4.3",
     "县民政局对10处社区养老服务设施逐一倒排工期，6月底前至少建成4处并投入试运营。",
     D(2024, 6, 30), D(2024, 6, 27), "已建成4处，其中夏镇街道2处已于6月中旬投入试运营。"),
    ("张呈祥", 1, None,
     "各责任单位每月25日前向县督查室书面报送项目推进情况，进度滞后的须说明原因和赶超措施。",
     None, D(2024, 4, 26), "已建立书面月报制度，4月起各责任单位均按时报送。"),
    ("步新华", 1, "5.6",
     "县住房城乡建设局4月底前完成农村低收入群体危房鉴定和改造对象公示，5月起分批开工。",
     D(2024, 4, 30), D(2024, 4, 29), "危房鉴定和改造对象公示已完成，首批改造户于5月6日开工。"),
    ("步新华", 1, "7.2",
     "县住房城乡建设局7月底前完成新增供热、供气管网施工招标，10月底前新增面积具备供热、供气条件。",
     D(2024, 10, 31), None, ""),
    ("步新华", 1, "7.3",
     "县综合行政执法局5月底前确定6处口袋公园选址，6月底前全部开工。",
     D(2024, 6, 30), D(2024, 6, 21), "6处口袋公园选址已确定，6月21日前全部开工。"),
    ("蒋红星", 1, "1.1",
     "县人力资源社会保障局4月开展“春风行动”专场招聘会不少于3场，对一季度新增就业进度滞后的镇街逐一约谈。",
     D(2024, 4, 30), D(2024, 4, 30), "4月共举办专场招聘会4场，达成就业意向1100余人；已约谈进度滞后镇街2个。"),
    ("蒋红星", 1, "2.2",
     "县教育和体育局5月底前完成县职教中心新校区教学设备采购，确保秋季学期启用。",
     D(2024, 5, 31), D(2024, 5, 28), "教学设备采购已完成，正在安装调试，8月底前具备启用条件。"),
    ("张呈祥", 2, "4.3",
     "县民政局7月底前完成剩余6处社区养老服务设施主体施工，8月底前全部投入运营，每周向县督查室报送进度。",
     D(2024, 8, 31), None, ""),
    ("张呈祥", 2, "5.3",
     "县民政局会同县财政局7月10日前印发提高9类困难群众救助保障标准的通知，7月起按新标准发放。",
     D(2024, 7, 10), None, ""),
    ("张呈祥", 2, "5.4",
     "县民政局7月底前完成上半年“济时救·微叩助”救助对象复核，9月底前救助资金全部拨付到位。",
     D(2024, 9, 30), None, ""),
    ("张呈祥", 2, "5.2",
     "县红十字会7月15日前将第二批患病儿童转诊至省级定点医院。",
     D(2024, 7, 15), D(2024, 7, 12), "第二批9名患病儿童已于7月12日全部转诊入院。"),
    ("步新华", 2, "5.6",
     "县住房城乡建设局7月20日前制定危房改造赶超方案，增加施工队伍，8月底前改造完成率达到80%以上。",
     D(2024, 8, 31), None, ""),
    ("步新华", 2, "9.2",
     "县市场监管局组织专家集中检查运行15年以上的电梯，7月底前检查不少于200台。",
     D(2024, 7, 31), D(2024, 7, 12), "截至7月12日已检查电梯216台，发现隐患31处，均已督促使用单位整改。"),
    ("步新华", 2, "7.5",
     "县住房城乡建设局7月底前组织社区书记、物业项目经理专题培训不少于1期。",
     D(2024, 7, 31), None, ""),
    ("蒋红星", 2, "2.3",
     "县教育和体育局7月20日前补报上半年中小学生心理辅导台账，暑期组织心理教师培训1次。",
     D(2024, 7, 20), None, ""),
    ("蒋红星", 2, "8.3",
     "县教育和体育局7月底前公布暑期向社会免费开放的学校运动场地名单和开放时间。",
     D(2024, 7, 31), D(2024, 7, 12), "已于7月12日在县政府网站公布首批12所学校运动场地开放名单。"),
]  # fmt: skip


def _on(day: datetime.date):
    """The platform's clock on that day (at the real time of day), for the workflow's stamps."""
    return override_settings(MINSHENG_TODAY=day.isoformat())


@transaction.atomic
def load_demo_meetings() -> int:
    """The demo decisions; the number written (0 when they are there already)."""
    plan = (
        Plan.objects.filter(is_demo=True, year=DEMO_YEAR, region__name=REGION)
        .select_related("region")
        .first()
    )
    if plan is None:
        return 0
    leaders = {
        p.name: p for p in Person.objects.filter(region=plan.region, name__in={n for n, _q in MEETINGS})
    }
    quarters = {q for _n, q in MEETINGS}
    if MeetingDecision.objects.filter(
        leader__in=leaders.values(), year=DEMO_YEAR, quarter__in=quarters
    ).exists():
        return 0
    office = people()[2].get(plan.region_id)
    user = get_user_model().objects.filter(pk=office).first() if office else None
    if user is None:
        return 0
    projects = {p.seq: p for p in plan.projects.prefetch_related("unit_roles__unit", "leaders")}
    written = 0
    for name, quarter, seq, text, due, done_on, note in DECISIONS:
        leader, project = leaders.get(name), projects.get(seq) if seq else None
        if leader is None or (seq and (project is None or leader not in project.leaders.all())):
            continue
        unit = None
        if project is not None:
            leads = sorted((r for r in project.unit_roles.all() if r.role == UnitRole.LEAD), key=_order)
            unit = leads[0].unit if leads else None
        with _on(MEETINGS[name, quarter]):
            decision = workflow.record(leader, DEMO_YEAR, quarter, text, user, project, unit, due)
        if done_on:
            with _on(done_on):
                workflow.mark_done(decision, note, user)
        written += 1
    return written


def _order(role) -> tuple[int, int]:
    return role.order, role.pk
