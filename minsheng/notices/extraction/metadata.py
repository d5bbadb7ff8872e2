"""Plan metadata from the text around the list: title, issuer, region, year, doc number, issue date,
approving meeting."""

import calendar
import re
from collections import Counter

import cn2an

from minsheng.notices.extraction.numbers import cn_integer
from minsheng.notices.extraction.places import bare_place, is_division, place_ending, places_in

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*\d{1,4}\s*号")
TITLE = re.compile(
    r"(关于.{0,40}?(民生实事|民生工程|为民办实事|实事项目|民生服务|惠民实事).{0,30}?的(通知|决定|意见|报告|公告|通报))"
)
TABLE_TITLE = re.compile(
    r"^.{0,30}\d{4}年.{0,20}(民生实事|民生工程|实事项目).{0,20}(汇总表|一览表|清单|计划表|项目表|实施方案|工作方案)$"
)
ISSUER = re.compile(r"([\u4e00-\u9fff]{2,20}?(人民政府|管理委员会|管委会|办公室))")
YEAR = re.compile(r"(20\d{2})\s*年")
DATE = re.compile(r"(20\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|-(\d{1,2})-(\d{1,2})(?!\d))")
CN_DATE = re.compile(
    r"(二[〇○零O0][一二三四五六七八九〇○零O0]{2})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
APPROVED = re.compile(
    r"(?:已经|经过|经)\s*((?:[\u4e00-\u9fff]{0,12}?第?[\u4e00-\u9fff\d]{0,10}届)?[\u4e00-\u9fff\d]{1,30}?(?:会议|常委会))"
    r"\s*(?:审议|票决|表决|研究|讨论)"
)
REGION_OF_ISSUER = re.compile(r"^(.+?)(人民政府|管理委员会|管委会)(办公室)?$")
_LIST_NAME = r"(?:民生实事|民生工程|为民办实事|惠民实事|实事项目|民生项目|件(?:实)?事)"
# the plan's year next to the list's name, with or without 年: "2024年十件民生实事", "2021十件民生实事"
PLAN_YEAR = re.compile(
    rf"(20\d{{2}})\s*年?度?[\u4e00-\u9fff“”\"]{{0,12}}?(?:[一二三四五六七八九十]+|\d{{1,2}})?\s*[件项大]?\s*(?:重点)?{_LIST_NAME}"
)
# a place's name: not a word that only points at one ("全市", "本县", "我区", "年度")
REGION_NAME = (
    r"(?!(?:全|本|我|该|各|度|年|市|县|区|省|中共|中国|人民))[\u4e00-\u9fff]{2,10}?"
    r"(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区|新区|镇|乡|街道)"
)
_BOUNDARY = r"(?:^|(?<=[，,。；;：:、\s（(“\"]))"  # a name starts a clause in running text
_TAIL = (
    r"(?:20\d{2}|重点|民生|十件|十大|人大|政府|第|关于|票决|[一二三四五六七八九十]+件|\d{1,2}\s*[件项个大]|[：:]"
    r"|召开|代表|议事)"
)  # "白沙埠镇：重大民生实事…", "城中区20项民生实事项目出炉", "爱山街道召开2018年街道议事会"
REGION_IN_TEXT = [  # in order of trust
    re.compile(rf"^({REGION_NAME})(?:第[\u4e00-\u9fff]{{1,6}}届)?人民代表大会"),  # a congress announcement
    re.compile(rf"^({REGION_NAME}){_TAIL}"),  # a title that starts with the place
    re.compile(
        rf"20\d{{2}}\s*年度?({REGION_NAME})(?:[一二三四五六七八九十]+|\d{{1,2}})?\s*[件项大]?\s*(?:重点)?{_LIST_NAME}"
    ),
    re.compile(rf"{_BOUNDARY}({REGION_NAME})第[一二三四五六七八九十]{{1,4}}届人民代表大会"),
    re.compile(rf"{_BOUNDARY}({REGION_NAME})(?:人民政府|人大常委会|政府|委员会)"),
]
MAX_LINES = 200  # lines searched for the place named most often
_SINCE = re.compile(r"(?:自|从|早在|始于)\s*20\d{2}\s*年|20\d{2}\s*年(?:以来|开始|起)")  # a span's start
_PAST = re.compile(r"过去的?$|去年$|上一年$")
_NOT_AN_ISSUER = re.compile(
    r"共和国|各级|^(?:按照|根据|依据|经|由|为|对)"
)  # "按照河北省人民政府…": a clause, not an issuer
_PLACE_SUFFIX = re.compile(r"(?:省|自治区|市|州|盟|县|旗|区|镇|乡|街道)$")
_ZONE = re.compile(r"新区|开发区|高新区|园区|示范区|试验区|管理区")
_NOT_A_NAME = re.compile(r"[的被从在于和与及对由经据]|召开|闭幕|列为|记者|今天|刚刚|共和国|各级")


def _cn_number(text: str) -> int:
    """Digit-by-digit years (二〇二三) and counted numbers (十二)."""
    digits = text.translate(str.maketrans("〇○零O0一二三四五六七八九", "00000123456789"))
    return int(digits) if digits.isdigit() else int(cn2an.cn2an(text, "smart"))


def _plan_year(m: re.Match, text: str) -> int:
    """The year a list is for: "刚刚过去的2020年…36个为民办实事项目" speaks of last year's, so the plan's
    is the next."""
    return int(m.group(1)) + (1 if _PAST.search(text[max(0, m.start() - 8) : m.start()]) else 0)


_REVIEWED = re.compile(r"[^，,。；;]{0,6}?(?:实施情况|完成情况|落实情况|测评|评议|满意度)")
_FUTURE = re.compile(r"[^。；;]{0,12}?(?:将|要|拟|继续)")


def _body_years(joined: str) -> list[int]:
    """The years the body names, those it speaks of doing something in first ("2020年，我市将继续…"
    over "2019年，全市经济运行稳中向好"), never the start of a span ("自2005年开始")."""
    found = [
        m for m in YEAR.finditer(joined) if not _SINCE.search(joined, max(0, m.start() - 2), m.end() + 3)
    ]
    ahead = [m for m in found if _FUTURE.match(joined, m.end())]
    return [_plan_year(m, joined) for m in ahead + found]


def _date(paragraphs: list[str]) -> str | None:
    found = None
    for text in paragraphs:
        for m in DATE.finditer(text):
            month, day = int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5))
            if 1 <= month <= 12 and 1 <= day <= 31:
                found = f"{m.group(1)}-{month:02d}-{day:02d}"
        for m in CN_DATE.finditer(text):
            found = f"{_cn_number(m.group(1))}-{_cn_number(m.group(2)):02d}-{_cn_number(m.group(3)):02d}"
    return found


def extract_metadata(paragraphs: list[str], table_title: str | None = None) -> dict:
    """Plan metadata from the notice's paragraphs (in order). Missing facts are None."""
    texts = [re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip()]
    joined = "\n".join(texts)
    title = issuer = None
    for text, after in zip(texts[:15], [*texts[1:16], ""], strict=False):
        compact = text.replace(" ", "")
        if "关于" in compact and not TITLE.search(compact) and len(compact) <= 40:
            compact += after.replace(" ", "")  # a title broken over two lines
        m = TITLE.search(compact)
        if m and compact.rfind("《", 0, m.start()) > compact.rfind("》", 0, m.start()):
            continue  # a document the text cites (按照…印发的《关于…的通知》), not its own title
        if m:
            title = m.group(1)
            before = compact[: m.start()]
            if before and (im := ISSUER.search(_without_label(before))):
                issuer = im.group(1)
            break
    if issuer is None:
        for text in texts[:8]:
            compact = _without_label(text.replace(" ", "")).strip("|").removesuffix("文件")
            if REGION_OF_ISSUER.match(compact) and len(compact) <= 24 and "共和国" not in compact:
                issuer = compact
                break
    if title is None:
        candidates = [t for t in texts[:10] if TABLE_TITLE.match(t.replace(" ", ""))]
        title = (candidates[0] if candidates else table_title or "").replace(" ", "") or None
    doc = DOC_NUMBER.search(joined)
    # the year of the plan: the title's, else the one the first lines give the list, over the date line
    compacts = [t.replace(" ", "") for t in texts[:8]]
    found = [(m, t) for t in compacts for m in PLAN_YEAR.finditer(t)]
    # "2022年民生实事项目实施情况的报告和2023年民生实事项目": the year whose list is reported on is past
    ahead = [(m, t) for m, t in found if not _REVIEWED.match(t, m.end())] or found
    plan_years = [_plan_year(m, t) for m, t in ahead]
    years = [int(y) for y in YEAR.findall(title or "")] or plan_years[:1]
    years = (
        years
        or ([int(doc.group(1))] if doc else [])
        or [_plan_year(m, t) for t in texts[8:MAX_LINES] for m in PLAN_YEAR.finditer(t.replace(" ", ""))][:1]
        or _body_years(joined)
    )
    issued = _date(texts)
    years = years or ([int(issued[:4])] if issued else [])  # "发文日期 | 2022-07-14", "更新时间:2017-01-05"
    approved = APPROVED.search(joined.replace(" ", ""))
    if issuer and _NOT_AN_ISSUER.search(issuer):
        issuer = None
    region = _region_of_issuer(issuer) if issuer else None
    if (
        region is None
        and title
        and (m := re.match(r"^(.{2,12}?(市|县|区|新区|高新区|开发区))\d{4}年", title))
    ):
        region = place_ending(m.group(1)) or (m.group(1) if _ZONE.search(m.group(1)) else None)
    region = region or _region_in_text(texts)
    return {
        "title": title,
        "issuer": issuer,
        "region": region,
        "year": years[0] if years else None,
        "doc_number": re.sub(r"\s+", "", doc.group(0)) if doc else None,
        "issued_date": issued,
        "approved_by": approved.group(1) if approved else None,
    }


def _without_label(text: str) -> str:
    """A line without a page's label before the issuer: "•来源:苍南县人民政府办公室" → the issuer."""
    return re.sub(
        r"^[^\u4e00-\u9fff]*(?:来源|信息来源|发布机构|发文机关|制发机关|发布单位)\s*[:：|]\s*", "", text
    )


def _region_of_issuer(issuer: str) -> str | None:
    """The issuer's place: "中共商丘市委办公室商丘市人民政府办公室" → 商丘市; a zone's 管委会 keeps its name."""
    places = places_in(re.sub(r"^(?:中共|中国共产党)", "", issuer))
    if places:
        return places[0]
    m = REGION_OF_ISSUER.match(issuer)
    return m.group(1) if m and (_ZONE.search(m.group(1)) or _PLACE_SUFFIX.search(m.group(1))) else None


def _region_in_text(texts: list[str]) -> str | None:
    """The region a document names for its list when no issuer says it (news, congress announcements):
    the title's place first, then the body's; a name must be a known division or a town ("确定区" is a
    verb and 区); else the place the first lines name most often."""
    for n, pattern in enumerate(REGION_IN_TEXT):
        for text in texts[:15]:
            m = pattern.search(text.replace(" ", ""))
            if not m or _NOT_A_NAME.search(m.group(1)):
                continue
            if place := place_ending(m.group(1)) or (
                m.group(1) if n < 2 and is_division(m.group(1), headline=True) else None
            ):
                return place
    counts = Counter(place for text in texts[:MAX_LINES] for place in places_in(text.replace(" ", "")))
    return counts.most_common(1)[0][0] if counts else bare_place(texts[:MAX_LINES])


MONTH_END = re.compile(r"(?:(20\d{2})年)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:底|末|份)?(?:前)?")


def deadline_from_text(text: str | None, year: int | None) -> str | None:
    """ISO date of a stated deadline: 年底/年内/年末 → 31 December; 6月(底) → end of June."""
    if not text or not year:
        return None
    compact = text.replace(" ", "")
    if m := MONTH_END.search(compact):
        y = int(m.group(1)) if m.group(1) else year
        month = int(m.group(2)) if m.group(2).isdigit() else cn_integer(m.group(2))
        if month and 1 <= month <= 12:
            return f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
    if re.search(r"年底|年末|年内|全年|当年", compact):
        y = int(m.group(1)) if (m := re.search(r"(20\d{2})年", compact)) else year
        return f"{y}-12-31"
    return None
