"""The demo's cross links: which seed projects continue one another across years (lineage) and which
county or zone project implements a city project of the same year (parent).

The pairs are hand-curated in `demo_links.json` (a rapidfuzz shortlist, then checked one by one; only
pairs a supervision officer would agree with). The file sits beside this module, not in demo_data/,
whose every *.json is read as a seed plan.

`link_demo_projects()` is idempotent: it adds only the links that are missing, never replaces a parent
someone else has set, skips keys whose project is not loaded, and writes one audit event per link made.
"""

import json
import logging
from pathlib import Path

from minsheng.core.audit import log_action
from minsheng.plans.models import Project

LINKS_FILE = Path(__file__).with_name("demo_links.json")
logger = logging.getLogger(__name__)

Key = tuple[str, int, str]  # (region name, year, seq)


def _key(item: dict) -> Key:
    return (item["region"], int(item["year"]), str(item["seq"]))


def read_links(path: Path = LINKS_FILE) -> dict[str, list[tuple[Key, Key]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {kind: [(_key(a), _key(b)) for a, b in data.get(kind, [])] for kind in ("lineage", "parent")}


def _label(project: Project) -> str:
    return f"{project.plan.region.name} {project.plan.year}年 · {project.seq}. {project.name}"


def _projects(keys: set[Key]) -> dict[Key, Project]:
    """The demo projects named by `keys`, in one query."""
    years = {year for _, year, _ in keys}
    regions = {region for region, _, _ in keys}
    found = Project.objects.filter(
        plan__is_demo=True, plan__year__in=years, plan__region__name__in=regions
    ).select_related("plan__region")
    return {key: p for p in found if (key := (p.plan.region.name, p.plan.year, p.seq)) in keys}


def link_demo_projects(path: Path = LINKS_FILE) -> dict[str, int]:
    """Make the curated links that are missing; returns how many of each kind were made."""
    links = read_links(path)
    keys = {k for pairs in links.values() for pair in pairs for k in pair}
    projects = _projects(keys)
    for key in sorted(keys - projects.keys()):
        logger.info("演示关联跳过：未找到项目 %s %s年 第%s项", *key)
    made = {"lineage": 0, "parent": 0}

    through = Project.lineage.through
    ids = [p.pk for p in projects.values()]
    existing = set(
        through.objects.filter(from_project__in=ids).values_list("from_project_id", "to_project_id")
    )
    for a_key, b_key in links["lineage"]:
        a, b = projects.get(a_key), projects.get(b_key)
        if a is None or b is None or a.pk == b.pk or (a.pk, b.pk) in existing:
            continue
        a.lineage.add(b)  # symmetrical: b.lineage holds a too
        existing |= {(a.pk, b.pk), (b.pk, a.pk)}
        log_action(a, "update", None, {"往年同类项目": [None, _label(b)]}, via="demo")
        made["lineage"] += 1

    for child_key, parent_key in links["parent"]:
        child, parent = projects.get(child_key), projects.get(parent_key)
        if child is None or parent is None or child.parent_id is not None or child.pk == parent.pk:
            continue
        child.parent = parent
        child.save(update_fields=["parent"])
        log_action(child, "update", None, {"上级项目": [None, _label(parent)]}, via="demo")
        made["parent"] += 1
    return made
