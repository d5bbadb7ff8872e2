"""Word (.docx) → neutral grid.

Walks the body XML so paragraphs and tables keep their order. What it keeps:
- bold per run: the run's own w:b, else its character style, else the paragraph's style (each through
  its basedOn chain), else the document defaults;
- line breaks (w:br, w:cr) and the paragraphs of a table cell as "\\n"; tabs as a space;
- automatic numbering (一、 / 1. / (1) / ① …) rendered as text in front of the paragraph, so auto-numbered
  headings and 序号 columns read as they look;
- merged cells: gridSpan → one Cell with colspan, vMerge continue → Cell(continued=True), the old
  hMerge → colspan; a row's gridBefore → an empty leading cell;
- a table nested in a cell becomes lines of that cell (one line per nested row, cells joined by a space).
Headers, footers, footnotes, text boxes, deleted and hidden text are left out.

python-docx only ever sees the zip rebuilt by zipguard (verified, bounded parts; images left empty), and
the numbers a hostile file may put in attributes are clipped: spans to Word's 63 columns, list counters
to what a list can show.
"""

from __future__ import annotations

import io

from minsheng.notices.readers.grid import Cell, Document, Paragraph, ReadError, Run, Table
from minsheng.notices.readers.list_numbers import MAX_COUNTER, format_number
from minsheng.notices.readers.zipguard import safe_office_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


P, R, TBL, TR, TC = W + "p", W + "r", W + "tbl", W + "tr", W + "tc"


# Elements that wrap runs, rows or cells without changing them.
WRAPPERS = {
    W + name
    for name in (
        "hyperlink",
        "ins",
        "smartTag",
        "sdt",
        "sdtContent",
        "fldSimple",
        "customXml",
        "moveTo",
        "dir",
        "bdo",
    )
}


OFF_VALUES = {"0", "false", "off", "none"}


MAX_COLUMNS = 63  # Word's limit for a table's columns


DAMAGED = "Word 文件已损坏或格式不正确，无法读取，请用 Word 或 WPS 重新保存后再导入"


def read_docx(data: bytes, source_name: str = "") -> Document:
    """The document's blocks; ReadError (Chinese message) for anything python-docx cannot read."""
    safe = safe_office_zip(data, "docx")
    import docx

    try:
        word = docx.Document(io.BytesIO(safe))
        reader = _BodyReader(word)
        blocks = reader.blocks(word.element.body)
    except ReadError:
        raise
    except Exception:  # python-docx and lxml raise many kinds of errors for damaged files
        raise ReadError(DAMAGED) from None
    return Document(blocks=blocks, source_name=source_name)


def _count(value: str | None, default: int, low: int, high: int) -> int:
    """An integer attribute clipped to [low, high] (a hostile file may say 10**9)."""
    if value is None:
        return default
    try:
        number = int(value[:12])
    except ValueError:
        raise ReadError(DAMAGED) from None
    return min(max(number, low), high)


def _val(el) -> str | None:
    return None if el is None else el.get(W + "val")


def _on_off(el) -> bool | None:
    """A w:b-like toggle: None when absent."""
    if el is None:
        return None
    value = el.get(W + "val")
    return value is None or value.lower() not in OFF_VALUES


def _children(parent, tag: str):
    """Direct children with `tag`, looking through wrappers (content controls, custom XML)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


class _Styles:
    def __init__(self, word):
        root = word.styles.element
        self.by_id = {s.get(W + "styleId"): s for s in root.findall(W + "style")}
        self.default_paragraph = next(
            (
                s.get(W + "styleId")
                for s in root.findall(W + "style")
                if s.get(W + "type") == "paragraph" and _on_off_attr(s.get(W + "default"))
            ),
            None,
        )
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_bold = bool(_on_off(defaults.find(W + "b"))) if defaults is not None else False
        self._cache: dict[tuple[str, str], object] = {}

    def lookup(self, style_id: str | None, path: str):
        """The first element at `path` in the style or its basedOn ancestors."""
        key = (style_id or "", path)
        if key not in self._cache:
            found, seen = None, set()
            while style_id and style_id not in seen and style_id in self.by_id:
                seen.add(style_id)
                style = self.by_id[style_id]
                found = style.find(path)
                if found is not None:
                    break
                style_id = _val(style.find(W + "basedOn"))
            self._cache[key] = found
        return self._cache[key]


def _on_off_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in OFF_VALUES


class _Numbering:
    """Renders automatic list numbers; counters are shared per abstract list, in reading order."""

    def __init__(self, word):
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.start_overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(W + "lvl"):
                start = _count(_val(lvl.find(W + "start")), 1, 0, MAX_COUNTER)
                fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                text = _val(lvl.find(W + "lvlText")) or ""
                suffix = _val(lvl.find(W + "suff")) or "tab"
                levels[_count(lvl.get(W + "ilvl"), 0, 0, 9)] = (start, fmt, text[:50], suffix)
            self.levels[abstract.get(W + "abstractNumId")] = levels
        for num in root.findall(W + "num"):
            num_id = num.get(W + "numId")
            self.abstract_of[num_id] = _val(num.find(W + "abstractNumId"))
            for override in num.findall(W + "lvlOverride"):
                start = _val(override.find(W + "startOverride"))
                if start is not None:
                    level = _count(override.get(W + "ilvl"), 0, 0, 9)
                    self.start_overrides.setdefault(num_id, {})[level] = _count(start, 1, 0, MAX_COUNTER)

    def label(self, num_id: str | None, level: int) -> str:
        abstract_id = self.abstract_of.get(num_id or "")
        levels = self.levels.get(abstract_id or "")
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.start_overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        start, fmt, text, _ = levels[level]
        counters[level] = min(counters.get(level, start - 1) + 1, MAX_COUNTER)
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""
        for lvl in range(level, -1, -1):
            if f"%{lvl + 1}" in text:
                lvl_start, lvl_fmt = levels.get(lvl, (1, "decimal", "", ""))[:2]
                value = counters.get(lvl, lvl_start)
                text = text.replace(f"%{lvl + 1}", format_number(value, lvl_fmt))
        return text


class _BodyReader:
    def __init__(self, word):
        self.styles = _Styles(word)
        self.numbering = _Numbering(word)

    def blocks(self, parent) -> list[Paragraph | Table]:
        out: list[Paragraph | Table] = []
        for child in parent:
            if child.tag == P:
                runs = self.paragraph_runs(child)
                if "".join(r.text for r in runs).strip():
                    out.append(Paragraph(runs))
            elif child.tag == TBL:
                out.append(self.table(child))
            elif child.tag in WRAPPERS:
                out += self.blocks(child)
        return out

    def paragraph_runs(self, p) -> list[Run]:
        ppr = p.find(W + "pPr")
        style_id = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        runs = []
        for r in _children(p, R):
            text = _run_text(r)
            if text and not self._hidden(r):
                runs.append(Run(text, self._bold(r, style_id)))
        label = self._number_label(ppr, style_id)
        if label:
            separator = "" if not runs or label[-1] in "、．.）)：:" else " "
            runs.insert(0, Run(label + separator, runs[0].bold if runs else False))
        return _merge_runs(runs)

    def _number_label(self, ppr, style_id: str | None) -> str:
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is None:
            num_pr = self.styles.lookup(style_id, f"{W}pPr/{W}numPr")
        if num_pr is None:
            return ""
        num_id = _val(num_pr.find(W + "numId"))
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, _count(_val(num_pr.find(W + "ilvl")), 0, 0, 9))

    def _bold(self, r, paragraph_style: str | None) -> bool:
        rpr = r.find(W + "rPr")
        if rpr is not None:
            direct = _on_off(rpr.find(W + "b"))
            if direct is not None:
                return direct
            char_style = _val(rpr.find(W + "rStyle"))
            from_char_style = _on_off(self.styles.lookup(char_style, f"{W}rPr/{W}b"))
            if from_char_style is not None:
                return from_char_style
        from_paragraph_style = _on_off(self.styles.lookup(paragraph_style, f"{W}rPr/{W}b"))
        if from_paragraph_style is not None:
            return from_paragraph_style
        return self.styles.default_bold

    def _hidden(self, r) -> bool:
        rpr = r.find(W + "rPr")
        return rpr is not None and bool(_on_off(rpr.find(W + "vanish")))

    def table(self, tbl) -> Table:
        rows = []
        for tr in _children(tbl, TR):
            row: list[Cell] = []
            before = _count(_val(tr.find(f"{W}trPr/{W}gridBefore")), 0, 0, MAX_COLUMNS)
            if before > 0:
                row.append(Cell(colspan=before))
            for tc in _children(tr, TC):
                tcpr = tc.find(W + "tcPr")
                span = _count(_val(tcpr.find(W + "gridSpan")), 1, 1, MAX_COLUMNS) if tcpr is not None else 1
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                hmerge = tcpr.find(W + "hMerge") if tcpr is not None else None
                if hmerge is not None and _val(hmerge) != "restart" and row:
                    row[-1].colspan += span
                elif vmerge is not None and _val(vmerge) in (None, "continue"):
                    row.append(Cell(colspan=span, continued=True))
                else:
                    row.append(Cell(self.cell_runs(tc), colspan=span))
            rows.append(row)
        return Table(rows)

    def cell_runs(self, container) -> list[Run]:
        """The content of a cell: its paragraphs as lines, a nested table as one line per row."""
        lines: list[list[Run]] = []
        for child in container:
            if child.tag == P:
                lines.append(self.paragraph_runs(child))
            elif child.tag == TBL:
                for nested_row in self.table(child).rows:
                    line: list[Run] = []
                    for cell in nested_row:
                        if cell.text.strip():
                            line += ([Run(" ")] if line else []) + [
                                Run(r.text.replace("\n", " "), r.bold) for r in cell.runs
                            ]
                    lines.append(line)
            elif child.tag in WRAPPERS:
                lines.append(self.cell_runs(child))
        while lines and not "".join(r.text for r in lines[-1]).strip():
            lines.pop()
        while lines and not "".join(r.text for r in lines[0]).strip():
            lines.pop(0)
        runs: list[Run] = []
        for index, line in enumerate(lines):
            if index:
                runs.append(Run("\n"))
            runs += line
        return _merge_runs(runs)


def _run_text(r) -> str:
    parts = []
    for child in r:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag in (W + "tab", W + "ptab"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _merge_runs(runs: list[Run]) -> list[Run]:
    """Adjacent runs with the same boldness joined; a newline or whitespace run takes the previous one's."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold == run.bold or not run.text.strip()):
            out[-1] = Run(out[-1].text + run.text, out[-1].bold)
        else:
            out.append(Run(run.text, run.bold))
    return out
