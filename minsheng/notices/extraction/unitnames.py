"""Split a notice's unit cell (承办单位 / 牵头单位 / 协办单位) into unit names, keeping bold marks.

Names are separated by line breaks, 、，,;； or spaces, but never inside brackets ("各县（市、区）" stays
whole). A layout break inside a name ("市卫健委经开区" / "管理办公室") is joined back when the second part
cannot stand alone as a unit name. Notes such as "（黑体字为牵头单位，下同）" are removed.
"""

import re

from minsheng.notices.readers.grid import Cell

NOTE = re.compile(r"[（(][^（()）]*(黑体|加粗|粗体)[^（()）]*[)）]|[（(]下同[)）]")
LEAD_NOTE = re.compile(r"(黑体|加粗|粗体)[^，,。）)]*牵头")
_SEPARATORS = set("、，,;；/ \t\n")
_OPEN, _CLOSE = "（([【", "）)]】"
# The tails of names: a fragment that starts so is the end of the name on the line above.
_TAIL_START = re.compile(
    r"^(管理|有限|股份|分局|分公司|分行|支行|分中心|办公室|委员会|管委会|集团|公司|中心|[（(]|大队|支队|服务中心)"
)
# A branch ("经开区分局") printed under its parent ("市自然资源和规划局") belongs to it.
_BRANCH = re.compile(r"^(?![市县区省镇乡]).{0,4}[区县市镇](分局|分公司|分行|支行|分中心|管理办公室)$")
# What a complete unit name ends with.
UNIT_END = re.compile(
    r"(局|委|办|室|中心|公司|集团|政府|管委会|街道|镇|(?<!城)乡|队|院|会|部|所|站|社|行|处|组|厅|馆|团|台|司|校|区|县|市|联|协|盟|"
    r"[)）]|指挥部|办事处|分局|联社|网络|银行|监管局|监管分局|机构)$"
)


def _listed_with_marks(text: str) -> bool:
    """Whether names are separated by 、，； outside brackets (then line breaks are only layout)."""
    depth = 0
    for ch in text:
        depth += ch in _OPEN
        depth -= ch in _CLOSE and depth > 0
        if depth == 0 and ch in "、，,;；":
            return True
    return False


def split_cell(cell: Cell) -> list[tuple[str, bool]]:
    """The unit names in a cell with whether each was printed in bold."""
    pieces: list[list] = []  # [text, bold_chars, total_chars, separator_before]
    layout_breaks = _listed_with_marks(cell.text)
    depth = 0
    current, bold_chars, sep_before = [], 0, "\n"
    for run in cell.runs:
        for ch in run.text:
            if ch == "\n" and layout_breaks:
                continue  # "县民政\n局、县财政局": a wrapped line inside a name
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            if depth == 0 and ch in _SEPARATORS:
                if current:
                    pieces.append(["".join(current), bold_chars, len(current), sep_before])
                    current, bold_chars = [], 0
                    sep_before = ch
                elif ch in "\n、，,;；":
                    sep_before = ch
                continue
            current.append(ch)
            bold_chars += run.bold
    if current:
        pieces.append(["".join(current), bold_chars, len(current), sep_before])
    names: list[list] = []
    for text, bold, total, sep in pieces:
        text = NOTE.sub("", text).strip()
        if not text or LEAD_NOTE.search(text):
            continue
        text = text.removesuffix("等") if len(text) > 3 else text
        joinable = (
            sep in "\n \t"
            and names
            and (_TAIL_START.match(text) or _BRANCH.match(text) or not UNIT_END.search(names[-1][0]))
        )
        if joinable:
            names[-1][0] += text
            names[-1][1] += bold
            names[-1][2] += total
        else:
            names.append([text, bold, total])
    return [(normalise_unit(t), b * 2 > n) for t, b, n in names if normalise_unit(t)]


def normalise_unit(name: str) -> str:
    """Unit names compare equal whatever the bracket width and the spaces a layout left in them."""
    name = re.sub(r"\s+", "", name).translate(str.maketrans("()", "（）"))
    return name.strip("、，,;；。")


def split_text(text: str) -> list[str]:
    return [name for name, _ in split_cell(Cell.of(text))]
