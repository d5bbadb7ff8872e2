"""Notices in traditional script are read through a simplified copy and keep their own wording."""

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.script import for_analysis
from minsheng.notices.readers.grid import Document, Paragraph, Run
from tests.notices.drafts import draft_of


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


def test_a_title_broken_over_two_lines_and_a_labelled_issuer_keep_the_traditional_script():

    lines = [
        "文號 | 錫政發〔2023〕5號 |",
        "制發機關 | 無錫市人民政府 |",
        "市政府關于印發2023年度民生服務",
        "“十百千”行動實施方案的通知",
        "全面推進宜居環境更新工程、醫療設施提升工程、城市安全保障工程等三項重點民生實事項目。",
    ]
    plan = draft_of(lines)["plan"]
    assert plan["title"] == "關于印發2023年度民生服務“十百千”行動實施方案的通知"
    assert plan["issuer"] == "無錫市人民政府" and plan["doc_number"] == "錫政發〔2023〕5號"


def test_forum_anti_copy_noise_goes_and_real_ascii_stays():
    from minsheng.notices.extraction.script import without_mirror_noise

    assert without_mirror_noise("一、教育基础设施提升项目* p/ {) b& x! R8 r( k") == "一、教育基础设施提升项目"
    assert without_mirror_noise("* `9 h3 s& ^7 X* b( ^\n新建学校3所") == "\n新建学校3所"
    assert without_mirror_noise("建设5G基站 A B C D 四类") == "建设5G基站 A B C D 四类"  # letters, not noise
    assert without_mirror_noise("票決產(chǎn)生") == "票決產生"
