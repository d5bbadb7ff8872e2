"""From a read document to the draft (DESIGN.md's JSON contract): plan metadata, categories, projects
with units, leaders, deadlines and targets, and warnings for what looks doubtful."""

from minsheng.notices.extraction.enumerated import extract_enumerated
from minsheng.notices.extraction.flat_tables import as_table
from minsheng.notices.extraction.metadata import deadline_from_text, extract_metadata
from minsheng.notices.extraction.pipe_tables import headerless_pipe_table, pipe_table
from minsheng.notices.extraction.run import (
    HEADING_LONGEST,
    before_colon,
    call_for_proposals,
    heading_of,
    headings_of_run,
    without_count_note,
    without_measures,
    without_purpose,
)
from minsheng.notices.extraction.runs import (
    MIN_ITEMS,
    best_run,
    names_all_announced,
    projects_of,
    run_warning,
)
from minsheng.notices.extraction.script import for_analysis, restore, without_mirror_noise
from minsheng.notices.extraction.sentence_lists import expand_categories
from minsheng.notices.extraction.tables import find_list_table, flat, items_from_table, says_bold_is_lead
from minsheng.notices.extraction.targets import targets_for_project
from minsheng.notices.readers.grid import Document


def extract(doc: Document) -> dict:
    original = [without_mirror_noise(p.text) for p in doc.paragraphs()]
    paragraphs, traditional = for_analysis(original)
    # a table copied as text
    flattened = as_table(paragraphs) or pipe_table(paragraphs) or headerless_pipe_table(paragraphs)
    found = find_list_table(doc.tables() or ([flattened] if flattened else []))
    warnings = list(doc.warnings)
    if traditional:
        warnings.append("原文为繁体字：已转为简体识别，项目名称和内容保留原文用字。")
    table_title = None
    if found:
        table, header, roles = found
        bold_note = any(says_bold_is_lead(t) for t in paragraphs) or says_bold_is_lead(doc.text())
        items = items_from_table(table, header, roles, bold_means_lead=True)
        mixed_units = "units" in roles and "lead" not in roles and "co" not in roles
        if mixed_units and not any(c.bold_texts() for row in table.rows for c in row) and not bold_note:
            warnings.append("表格未标注牵头单位（无加粗、无说明），已按惯例取每行第一个单位为牵头单位。")
        projects = [vars(i) for i in items]
        for p in projects:
            warnings += p.pop("warnings")
    else:
        result = extract_enumerated(paragraphs)
        projects, outline_warnings = result["projects"], result["warnings"]
    meta = extract_metadata(paragraphs, table_title)
    if not found:
        # no table: the longest run of parallel items, recall first — where the outline reader found
        # nothing, or fewer items than a numbered run has; a table flattened one cell per line is a
        # table even where the outline reader saw numbered lines in it
        run = best_run(paragraphs, meta["year"])
        numbered = run is not None and run.kind in ("lines", "inline", "table", "records")
        longer = run is not None and len(run.items) > len(projects)
        # a run as long as the count its lead-in announces ("以“甲、乙…”为主要内容的10项民生实事") is the
        # list, where the numbered sections after it report on some of them
        counted = longer and names_all_announced(run)  # type: ignore[arg-type]
        found = projects_of(run) if run else []
        # items that each name their lead unit are the projects, not the measures numbered under them
        measures = (
            bool(projects)
            and all(p["lead_units"] for p in projects)
            and not any(p["lead_units"] for p in found)
        )
        if run and (
            longer
            and not measures
            and (numbered or counted or len(projects) < MIN_ITEMS)
            or run.kind == "table"
        ):
            projects, outline_warnings = found, [run_warning(run)]  # the outline's doubts no longer apply
        warnings += outline_warnings
        projects = expand_categories(projects) or projects  # "一是城市配套类，包括甲、乙、丙；二是…"
    if projects and (call := call_for_proposals(paragraphs)):
        warnings.append(
            f"这是征集民生实事项目建议的文件（“{call[:30]}”），其中还没有项目清单，未导入编号条目。"
        )
        projects = []
    year = meta["year"]
    categories: list[str] = []
    drafts = []
    names = [without_count_note(flat(p["name"]).rstrip("。；;，,")) for p in projects]
    if not doc.tables():
        names = [without_purpose(without_measures(before_colon(n))) for n in names]
        names = headings_of_run(names, [flat(p["content"]) for p in projects])
    for p, name in zip(projects, names, strict=True):
        if p.get("category") and p["category"] not in categories:
            categories.append(p["category"])
        content = flat(p["content"]) or flat(
            p["name"]
        )  # a table with no content column: the name cell says it
        if (
            len(name) > HEADING_LONGEST and not doc.tables()
        ):  # a cell of a table copied as text: heading + detail
            name = heading_of(name)
        drafts.append(
            {
                "seq": p["seq"],
                "category": p.get("category"),
                "name": name,
                "summary": flat(p.get("summary") or ""),
                "content": content,
                "lead_units": p["lead_units"],
                "co_units": [u for u in p["co_units"] if u not in p["lead_units"]],
                "leaders": p.get("leaders") or [],
                "deadline": deadline_from_text(p.get("deadline_text"), year),
                "deadline_text": p.get("deadline_text"),
                "targets": targets_for_project(name, content, year),
            }
        )
        if p.get("warnings"):  # doubts about this project, shown on its row of the review page
            drafts[-1]["warnings"] = p["warnings"]
    if traditional:  # read in simplified, shown in the notice's own script
        analysed, source = "\n".join(paragraphs), "\n".join(original)
        for key in ("title", "issuer", "region", "approved_by", "doc_number"):
            if meta.get(key):
                meta[key] = restore(meta[key], analysed, source)
        for d in drafts:
            for key in ("name", "content"):
                d[key] = restore(d[key], analysed, source)
            for key in ("lead_units", "co_units"):
                d[key] = [restore(u, analysed, source) for u in d[key]]
            for t in d["targets"]:
                t["text"], t["unit"] = (
                    restore(t["text"], analysed, source),
                    restore(t["unit"], analysed, source),
                )
    if not drafts:
        warnings.append("未在文件中找到项目列表：没有带表头的表格、分级编号，也没有三项以上平行列举的条目。")
    for key, label in [("title", "标题"), ("year", "年度"), ("issuer", "发文单位")]:
        if not meta.get(key):
            warnings.append(f"未识别到计划{label}，请在审核时补充。")
    return {"plan": meta, "categories": categories, "projects": drafts, "warnings": warnings}
