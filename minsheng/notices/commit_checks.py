"""What the review page says and commit asks, computed from the draft as it is now.

- The doubts commit refuses to pass over unless the office ticks its confirmation: the document names
  another region, the region already has a plan of the year, projects have no lead unit.
- The importer's warnings, less those about values the office may since have filled (title, year,
  issuer, lead units): these are said again from the current values.
- Where the document names another region, how its unit names are read in the chosen one's registry.
"""

import re
from dataclasses import dataclass

from minsheng.core.models import Unit
from minsheng.notices.models import NoticeImport
from minsheng.plans.models import Plan


@dataclass(frozen=True)
class Doubt:
    name: str  # the checkbox's field
    value: str  # what is confirmed: a tick given for another state (another region, plan) does not count
    label: str  # the checkbox's text
    problem: str  # what a refusal names


def same_year_plans(notice: NoticeImport):
    year = notice.draft["plan"].get("year")
    if not year:
        return Plan.objects.none()
    return Plan.objects.filter(region=notice.region, year=year).exclude(imports=notice).order_by("pk")


def without_lead(projects: list[dict]) -> list[dict]:
    return [p for p in projects if not p.get("lead_units")]


def _seqs(projects: list[dict]) -> str:
    shown = "、".join(str(p.get("seq") or "?") for p in projects[:10])
    return shown + ("等" if len(projects) > 10 else "")


def doubts(notice: NoticeImport, detected: str | None, region_differs: bool, same_year) -> list[Doubt]:
    """What the office must confirm before commit, in the order the page lists it."""
    region = notice.region.name
    found = []
    if region_differs:
        found.append(
            Doubt(
                "confirm_region",
                f"{notice.region_id}:{detected}",
                f"我已核对：这是{detected}的通知，仍导入到{region}",
                f"文件中写明的地区是“{detected}”，与所选地区“{region}”不一致",
            )
        )
    if plans := list(same_year):
        titles = "、".join(f"《{p.title}》" for p in plans)
        found.append(
            Doubt(
                "confirm_same_year",
                ",".join(str(p.pk) for p in plans),
                "仍要新建同年度的第二个计划",
                f"{region}已有{notice.draft['plan'].get('year')}年度计划{titles}",
            )
        )
    if missing := without_lead(notice.draft["projects"]):
        found.append(
            Doubt(
                "confirm_no_lead",
                str(len(missing)),
                "暂不填写牵头单位，入库后在计划中补充",
                f"{len(missing)} 个项目缺少牵头单位（第 {_seqs(missing)} 项）",
            )
        )
    return found


def unconfirmed(found: list[Doubt], data) -> list[Doubt]:
    return [d for d in found if data.get(d.name) != d.value]


def refusal(missing: list[Doubt]) -> str:
    problems = "；".join(d.problem for d in missing)
    return f"未入库：{problems}。请核对后勾选下方相应的确认项，再点“确认入库”。"


# The importer's warnings about values the office fills on this page: said from the current values.
_RESTATED = re.compile(
    r"^(未识别到计划(标题|年度|发文单位)，请在审核时补充。"
    r"|项目 \S+ 未识别到牵头单位"
    r"|项目清单未写明牵头或责任单位，请在审核时补充。)$"
)
_META = (("title", "标题"), ("year", "年度"), ("issuer", "发文单位"))


def current_warnings(draft: dict) -> list[str]:
    meta = draft["plan"]
    said = [f"未识别到计划{label}，请在“计划信息”中补充。" for key, label in _META if not meta.get(key)]
    if missing := without_lead(draft["projects"]):
        said.append(f"{len(missing)} 个项目缺少牵头单位（第 {_seqs(missing)} 项），可点该行“修改”补充。")
    return said + [w for w in draft.get("warnings") or [] if not _RESTATED.match(w)]


def _full_name(unit: Unit) -> str:
    """济宁市's 市民政局 is 济宁市民政局; a name that says its place is left as it is."""
    place, name = unit.region.name, unit.name
    if name.startswith(place) or not place:
        return name
    if name[0] in "市县区旗" and place.endswith(name[0]):
        return place + name[1:]
    return f"{place}{name}"


def units_read_in(units, projects: list[dict]) -> list[tuple[str, str]]:
    """(name as written, the registered unit commit will use), once each, for the names commit finds."""
    pairs = {}
    for p in projects:
        for name in [*p["lead_units"], *p["co_units"]]:
            if name not in pairs and (unit := units.found(name)):
                pairs[name] = _full_name(unit)
    return list(pairs.items())
