"""Notices in traditional script are read through a simplified copy and keep their own wording."""

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.script import for_analysis
from minsheng.notices.readers.grid import Document, Paragraph, Run


def _doc(lines: list[str]) -> Document:
    return Document(blocks=[Paragraph(runs=[Run(text=line)]) for line in lines])


def test_a_simplified_text_is_left_as_it_is():
    lines = ["2024年十件民生实事：1.著名景区提升；2.老旧小区改造"]
    assert for_analysis(lines) == (lines, False)


def test_traditional_script_is_found_and_the_draft_keeps_the_original_wording():
    lines = [
        "二〇二三年十件民生實事項目票決結果公告",
        "1.中心城區水環境綜合治理；",
        "2.老舊小區改造提升；",
        "3.新建公辦幼兒園。",
    ]
    assert for_analysis(lines)[1] is True
    draft = extract(_doc(lines))
    assert [p["name"] for p in draft["projects"]] == [
        "中心城區水環境綜合治理",
        "老舊小區改造提升",
        "新建公辦幼兒園",
    ]
    assert any("繁体" in w for w in draft["warnings"])
