"""The import workflow: read and extract an upload into a draft for review, then commit it as a plan."""

import hashlib
import re
import time
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import opencc
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from minsheng.core.audit import log_action
from minsheng.core.collectives import normalise_name
from minsheng.core.models import Region, Unit
from minsheng.core.region_data import REGION_ALIASES
from minsheng.core.units import find_unit
from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.links import Candidate, propose_lineage, propose_parent
from minsheng.notices.extraction.marked import MAX_MARKED, projects_from_lines
from minsheng.notices.extraction.script import for_analysis
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.reading import read_document
from minsheng.plans.commit import commit_draft
from minsheng.plans.models import Allocation, Plan, Project


class DuplicateNotice(ReadError):
    """The same notice is already a plan."""

    status = 409
    default_message = "该通知已导入，不会重复创建。"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_duplicate(
    digest: str, region: Region | None, year: int | None, doc_number: str | None
) -> Plan | None:
    q = Q(content_hash=digest)
    if region and year and doc_number:
        q |= Q(region=region, year=year, doc_number=doc_number)
    return Plan.objects.filter(q).select_related("region").first()


def duplicate_message(plan: Plan) -> str:
    return f"该通知已导入为计划《{plan.region.name}{plan.year}年 {plan.title}》（编号 {plan.pk}），不会重复创建。"


def _candidates(projects) -> list[Candidate]:
    return [
        Candidate(
            id=p.pk,
            label=f"{p.plan.region.name} {p.plan.year}年 · {p.seq}. {p.name[:40]}",
            text=f"{p.name}\n{p.content[:100]}",
            year=p.plan.year,
            target_units=tuple((i.pk, i.unit) for i in p.indicators.all()),
        )
        for p in projects.select_related("plan__region").prefetch_related("indicators")
    ]


class CommitUnits:
    """Whether commit would find a unit name in the registry or create it: the very lookup commit makes
    (plans.commit → core.units.resolve_unit → find_unit: the region, then the regions above, then the
    governments of the tree), asked once per name. The review page's list of units to be created and
    its red marks come from here, so they announce exactly the units commit creates."""

    def __init__(self, region: Region):
        self.region = region
        self._found: dict[str, Unit | None] = {}

    def found(self, name: str) -> Unit | None:
        """The registered unit commit would use for `name`, or None (commit creates it)."""
        text = normalise_name(name)
        if text not in self._found:
            self._found[text] = find_unit(text, self.region)
        return self._found[text]

    def known(self, name: str) -> bool:
        return self.found(name) is not None

    def to_create(self, projects: Iterable[dict]) -> list[str]:
        """The names commit would create, once each, in the order it meets them."""
        names = (normalise_name(n) for p in projects for n in [*p["lead_units"], *p["co_units"]])
        return list(dict.fromkeys(n for n in names if not self.known(n)))


def _lineage_regions(region: Region) -> list[int]:
    """The region and the regions above it: a commitment's earlier years are in their plans."""
    return [int(i) for i in region.path.strip("/").split("/")]


def propose_links(draft: dict, region: Region) -> dict:
    """Propose each project's parent (the upper region's plan of the same year) and its lineage (projects
    of earlier years' plans of the region or the regions above it); any earlier decision is dropped."""
    year = draft["plan"].get("year")
    parents = (
        _candidates(Project.objects.filter(plan__region=region.parent, plan__year=year))
        if region.parent_id and year
        else []
    )
    history = (
        _candidates(Project.objects.filter(plan__region__in=_lineage_regions(region), plan__year__lt=year))
        if year
        else []
    )
    for project in draft["projects"]:
        project["parent"] = propose_parent(project, parents)
        project["lineage"] = propose_lineage(project, history, before=year)
    return draft


def annotate(draft: dict, region: Region) -> dict:
    """Flag units commit would create, and propose parent projects and lineage."""
    units = CommitUnits(region)
    for project in draft["projects"]:
        project["unknown_units"] = [
            u for u in project["lead_units"] + project["co_units"] if not units.known(u)
        ]
    return propose_links(draft, region)


_DROPPABLE_SUFFIX = re.compile(r"(自治州|自治县|自治旗|省|市|县|区|旗|盟)$")
_PLACE_SUFFIX = re.compile(r"(自治州|自治县|自治旗|新区|高新区|开发区|地区|省|市|县|区|旗|盟|镇|乡|街道)$")


@lru_cache(maxsize=1)
def _simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def region_matches(region: Region, detected: str | None) -> bool:
    """Whether the place a document names is `region`: "济宁" and "山东省济宁市" are 济宁市; "微山县" (a
    county of 济宁市), "济宁县" and "沅江市" are not. No place found is no disagreement."""
    text = _simplified().convert(re.sub(r"\s+", "", detected or ""))
    if not text:
        return True
    if text in (region.name, *REGION_ALIASES.get(region.name, ())):
        return True
    if text.endswith(region.name) and re.search(r"(省|市|州|区|盟)$", text[: -len(region.name)]):
        return True  # the place with the regions above it: 山东省济宁市
    core = _DROPPABLE_SUFFIX.sub("", region.name)  # 济宁市 is said 济宁; 济宁高新区 is not 济宁
    return not _PLACE_SUFFIX.search(text) and len(text) >= 2 and text == core


def detected_region(notice: NoticeImport, regions) -> tuple[str | None, bool, Region | None]:
    """The place the document names, whether it differs from the import's region, and the region of
    exactly that name among `regions` (the office's scope) to switch to, if any."""
    detected = (notice.draft["plan"].get("region") or "").strip() or None
    if region_matches(notice.region, detected):
        return detected, False, None
    names = {detected, _simplified().convert(detected)}
    switch = regions.filter(name__in=names).exclude(pk=notice.region_id).order_by("path").first()
    return detected, True, switch


def read_upload(data: bytes, filename: str, region: Region) -> tuple[dict, str, int]:
    """The annotated draft of an upload, its kind and the milliseconds reading took. Raises ReadError
    (a Chinese message), DuplicateNotice among them when the notice is already a plan."""
    digest = content_hash(data)
    if plan := find_duplicate(digest, None, None, None):
        raise DuplicateNotice(duplicate_message(plan))
    started = time.perf_counter()
    doc, kind = read_document(data, filename)
    draft = extract(doc)  # no list found: kept as a draft without projects, to mark the list by hand
    meta = draft["plan"]
    if plan := find_duplicate(digest, region, meta.get("year"), meta.get("doc_number")):
        raise DuplicateNotice(duplicate_message(plan))
    return annotate(draft, region), kind, int((time.perf_counter() - started) * 1000)


def start_import(data: bytes, filename: str, region: Region, user=None) -> NoticeImport:
    """Read and extract an upload into a draft for review. Raises ReadError (Chinese message)."""
    draft, kind, elapsed = read_upload(data, filename, region)
    with transaction.atomic():
        return store_import(
            data, filename, region, user, {"项目数": [None, len(draft["projects"])]},
            kind=kind, draft=draft, extract_ms=elapsed,
        )  # fmt: skip


def store_import(data: bytes, filename: str, region: Region, user, changes: dict, **fields) -> NoticeImport:
    """Save an import with its file and audit its creation (inside the caller's transaction)."""
    notice = NoticeImport(
        uploaded_by=user if user and user.is_authenticated else None,
        region=region,
        filename=filename[:200],
        size=len(data),
        content_hash=content_hash(data),
        **fields,
    )
    notice.save()
    notice.file.save(notice.kind, ContentFile(data), save=True)
    log_action(notice, "create", user, {"文件": [None, filename], **changes})
    return notice


@transaction.atomic
def commit_import(notice: NoticeImport, user=None, confirmed: Iterable[str] = ()) -> Plan:
    """Write the reviewed draft as a plan, with the confirmed links, in one transaction. `confirmed`: what
    the office confirmed before committing (commit_checks.Doubt labels), recorded with the state change."""
    notice = NoticeImport.objects.select_for_update().get(pk=notice.pk)
    if notice.state != ImportState.REVIEWING:
        raise ReadError("该导入已处理，不能重复入库。")
    draft = notice.draft
    meta = draft["plan"]
    if missing := [label for key, label in (("title", "计划标题"), ("year", "年度")) if not meta.get(key)]:
        raise ReadError(f"请先在“计划信息”中填写{'和'.join(missing)}，再入库。")
    if not draft["projects"]:  # a notice whose list was not found: the office marks it first
        raise ReadError("草稿中还没有项目：请先点“自己标出清单”，在原文中标出项目清单，再入库。")
    if plan := find_duplicate(notice.content_hash, notice.region, meta["year"], meta.get("doc_number")):
        raise DuplicateNotice(duplicate_message(plan))
    _check_meta(meta)
    try:
        plan = commit_draft(
            draft, notice.region, user=user, source_name=notice.filename, content_hash=notice.content_hash
        )
    except ValidationError as e:  # a value the models refuse: the transaction writes nothing
        raise ReadError("入库失败，未写入任何数据：" + "；".join(e.messages)) from None
    projects = {p.seq: p for p in plan.projects.prefetch_related("indicators")}
    for item in draft["projects"]:
        project = projects[item["seq"]]
        parent = item.get("parent") or {}
        if parent.get("state") == "confirmed":
            project.parent_id = parent["project_id"]
            project.save(update_fields=["parent"])
            log_action(project, "update", user, {"上级项目": [None, parent["label"]]}, via="import")
            if allocation := parent.get("allocation"):
                _allocate(project, allocation, user)
        for link in item.get("lineage") or []:
            if link.get("state") == "confirmed":
                project.lineage.add(link["project_id"])
                log_action(project, "update", user, {"往年同类项目": [None, link["label"]]}, via="import")
    NoticeImport.objects.filter(pk=notice.pk).update(state=ImportState.COMMITTED, plan=plan)
    changes = {"状态": [str(ImportState.REVIEWING.label), str(ImportState.COMMITTED.label)]}
    if confirmed := list(confirmed):
        changes["入库前确认"] = [None, "；".join(confirmed)]
    log_action(notice, "update", user, changes, via="import")
    return plan


def _check_meta(meta: dict) -> None:
    """The plan's fields as the 计划信息 form would take them (lengths, year), else ReadError."""
    from minsheng.notices.forms import PlanMetaForm

    form = PlanMetaForm(data={name: meta.get(name) or "" for name in PlanMetaForm.base_fields})
    if not form.is_valid():
        problems = [f"{form.fields[name].label}：{'；'.join(errors)}" for name, errors in form.errors.items()]
        raise ReadError("计划信息有误，请先修改后再入库：" + "；".join(problems))


def _allocate(project: Project, allocation: dict, user) -> None:
    child = next((i for i in project.indicators.all() if i.unit == allocation["unit"]), None)
    record, _ = Allocation.objects.update_or_create(
        indicator_id=allocation["indicator_id"],
        region=project.plan.region,
        defaults={"value": Decimal(str(allocation["value"])), "child_indicator": child},
    )
    log_action(record, "create", user, {"分解任务": [None, str(record.value)]}, via="import")


class MarkRefused(ReadError):
    """The lines marked as the list cannot be taken (none, too many, the import already handled)."""

    status = 400


def document_lines(notice: NoticeImport) -> tuple[list[str], list[str]]:
    """The stored file's text as the mark page numbers it (one line per paragraph or table row, empty
    lines dropped), and the reader's warnings. Read with the reader the upload used; ReadError when the
    file is not stored or cannot be read any more."""
    if not notice.file:
        raise ReadError("该导入没有保存原文件，无法标出清单，请重新上传通知。")
    try:
        with notice.file.open("rb") as f:
            data = f.read()
    except OSError:
        raise ReadError("原文件无法打开，无法标出清单，请重新上传通知。") from None
    doc, _ = read_document(data, notice.filename)
    lines = [t for t in (line.strip() for line in doc.text().split("\n")) if t]
    return lines, list(doc.warnings)


HANDLED = "该导入已入库或已放弃，不能再标出清单。"


def mark_list(notice: NoticeImport, numbers: list[int], user=None, document=None) -> int:
    """Replace the draft's projects with one per marked line (`numbers`: 1-based, as the page shows them);
    the plan's metadata stays. `document`: document_lines(notice), when already read. Returns how many
    projects the draft now has. MarkRefused: nothing written."""
    lines, warnings = document or document_lines(notice)
    warnings = list(warnings)
    chosen = sorted({n for n in numbers if 1 <= n <= len(lines)})
    if not chosen:
        raise MarkRefused("没有选中任何一行：请勾选清单所在的行，或填写“从第几行到第几行”。")
    if len(chosen) > MAX_MARKED:
        raise MarkRefused(
            f"一次最多标出 {MAX_MARKED} 行，本次选中了 {len(chosen)} 行：请只选项目清单所在的行。"
        )
    with transaction.atomic():
        notice = NoticeImport.objects.select_for_update().get(pk=notice.pk)
        if notice.state != ImportState.REVIEWING:
            raise MarkRefused(HANDLED, status=409)
        draft = notice.draft
        before = len(draft.get("projects") or [])
        if for_analysis(lines)[1]:
            warnings.append("原文为繁体字：已转为简体识别，项目名称和内容保留原文用字。")
        draft["projects"] = projects_from_lines([lines[n - 1] for n in chosen], draft["plan"].get("year"))
        draft["categories"] = []
        draft["warnings"] = [*warnings, f"项目清单由审核人在原文中标出（{len(chosen)} 行），请逐项核对。"]
        draft["marked_lines"] = chosen
        annotate(draft, notice.region)
        notice.save(update_fields=["draft"])
        log_action(
            notice,
            "update",
            user,
            {"项目清单": [f"{before} 个项目", f"按原文标出的 {len(chosen)} 行重新生成 {len(chosen)} 个项目"]},
        )
    return len(chosen)
