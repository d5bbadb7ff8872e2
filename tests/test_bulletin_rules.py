"""The bulletin's pure rules: which month may be generated, the default month, and the six sections
composed from facts (no database)."""

import dataclasses
import datetime

import pytest

from minsheng.supervision.bulletins.document import table_rows
from minsheng.supervision.bulletins.facts import BulletinFacts, ProblemLine, ProjectLine, UnitReporting
from minsheng.supervision.bulletins.rules import (
    SECTIONS,
    BulletinError,
    ahead,
    behind,
    behind_text,
    caught_up,
    colour_counts,
    compose,
    default_month,
    default_title,
    month_choice,
    scope_word,
    texts,
    with_texts,
)
from minsheng.supervision.status.rules import COLOURS

D = datetime.date


def line(seq, colour, progress, expected, **kw):
    return ProjectLine(
        seq=seq,
        name=f"项目{seq}",
        lead="市民政局",
        colour=colour,
        progress=progress,
        expected=expected,
        gap=round((expected - progress) * 100, 1),
        **kw,
    )


FACTS = BulletinFacts(
    region="济宁市",
    year=2024,
    month="2024-06",
    as_of=D(2024, 6, 30),
    issuer="济宁市人民政府督查室",
    projects=(
        line("1", "green", 0.62, 0.50),
        line("2", "green", 0.51, 0.50),
        line("3", "yellow", 0.42, 0.50, reasons=("落后序时进度 8 个百分点",), lag_reason="资金到位慢。"),
        line("4", "red", 0.10, 0.50, reasons=("落后序时进度 40 个百分点",), lag_reason="手续未办结。"),
        line("5", "orange", 0.50, 0.50, reasons=("1 期报告逾期未报",)),
        line("6", "blue", 1.0, 0.50, finished=True),
    ),
    problems=(ProblemLine("项目4", "用地手续尚未办结。", "市民政局", D(2024, 9, 30), "待整改"),),
    reporting=(
        UnitReporting("市民政局", 6, 6, 6),
        UnitReporting("市教育局", 6, 5, 3),
        UnitReporting("市体育局", 0, 0, 0),
    ),
    next_report_due=datetime.datetime(2024, 7, 25, 18),
)


@pytest.mark.parametrize(
    "key, today, period, as_of",
    [
        ("2024-06", D(2024, 7, 15), "2024-06", D(2024, 6, 30)),
        (" 2024-07 ", D(2024, 7, 15), "2024-07", D(2024, 7, 15)),  # the running month: as of today
        ("2024-12", D(2025, 3, 1), "2024-12", D(2024, 12, 31)),
    ],
)
def test_month_choice_takes_the_last_day_or_today(key, today, period, as_of):
    p, day = month_choice(key, 2024, today)
    assert (p.key, day) == (period, as_of)


@pytest.mark.parametrize(
    "key, message",
    [
        ("2024-W26", "格式不对"),
        ("六月", "格式不对"),
        ("2024-13", "格式不对"),
        ("2023-12", "只能生成2024年1月至12月的通报"),
        ("2024-08", "2024年8月尚未开始"),
    ],
)
def test_month_choice_refuses_in_chinese(key, message):
    with pytest.raises(BulletinError) as e:
        month_choice(key, 2024, D(2024, 7, 15))
    assert message in e.value.messages[0]


def test_default_month_is_the_previous_month_inside_the_plan_year():
    assert default_month(2024, D(2024, 7, 15)) == "2024-06"
    assert default_month(2024, D(2024, 1, 10)) == "2024-01"
    assert default_month(2023, D(2024, 7, 15)) == "2023-12"
    assert default_month(2025, D(2024, 7, 15)) is None


def test_titles_name_the_scope():
    assert (
        scope_word("济宁市") == "全市"
        and scope_word("微山县") == "全县"
        and scope_word("济宁高新区") == "全区"
    )
    assert default_title("微山县", "2024-06") == "关于2024年6月份全县重点民生实事项目进展情况的通报"


def test_ahead_and_behind_follow_the_colours_and_the_margin():
    assert [p.seq for p in ahead(FACTS.projects)] == ["6", "1"]  # finished first, then 12 points ahead
    groups = behind(FACTS.projects)
    assert {c: [p.seq for p in rows] for c, rows in groups.items()} == {
        "red": ["4"],
        "orange": ["5"],
        "yellow": ["3"],
    }
    assert colour_counts(FACTS.projects) == {"blue": 1, "green": 2, "yellow": 1, "orange": 1, "red": 1}


def test_compose_gives_six_sections_with_real_figures():
    content = compose(FACTS)
    assert [s["heading"] for s in content["sections"]] == [h for _, h in SECTIONS]
    text = texts(content)
    assert (
        "截至2024年6月30日，全市2024年6项重点民生实事项目总体完成进度52.5%，序时进度50.0%" in text["overview"]
    )
    assert "蓝色（已验收）1项" in text["overview"] and "红色（严重滞后）1项" in text["overview"]
    assert "项目1（牵头单位：市民政局）：完成进度62.0%，快于序时进度12.0个百分点" in text["ahead"]
    assert "项目2" not in text["ahead"]
    assert "单位说明：手续未办结。" in text["behind"] and "1 期报告逾期未报" in text["behind"]
    assert "用地手续尚未办结。（责任单位：市民政局，整改时限2024年9月30日，待整改）" in text["problems"]
    assert "2家牵头单位应报月报12份，实报11份，按时报送9份" in text["reporting"]
    assert "市教育局（及时率50.0%，漏报1份，迟报2份）" in text["reporting"]
    assert "于7月25日前报送7月进展情况" in text["next_steps"] and "项目4等红色预警项目" in text["next_steps"]
    figures = content["figures"]
    assert figures["counts"] == {"blue": 1, "green": 2, "yellow": 1, "orange": 1, "red": 1}
    assert figures["total"] == 6 and len(figures["table"]) == 6
    assert [r["unit"] for r in figures["reporting"]] == ["市民政局", "市教育局", "市体育局"]
    assert table_rows(content)[3] == ["4", "项目4", "市民政局", "10.0%", "50.0%", "红色"]


def test_empty_sections_say_so():
    facts = BulletinFacts(
        "微山县",
        2024,
        "2024-01",
        D(2024, 1, 31),
        "微山县人民政府督查室",
        projects=(line("1", "green", 0.0, 0.0),),
    )
    text = texts(compose(facts))
    assert "本期没有完成进度超过序时进度5个百分点以上的项目" in text["ahead"]
    assert "本期没有进展滞后的项目" in text["behind"]
    assert "未报告尚待整改的问题" in text["problems"]
    assert "尚无到期的月报" in text["reporting"]
    assert "与序时进度基本持平" in text["overview"]


def test_q3_and_later_bulletins_add_the_year_end_step_and_name_confirmed_projects():
    facts = BulletinFacts(
        "济宁市",
        2024,
        "2024-09",
        D(2024, 9, 30),
        "督查室",
        projects=(line("1", "red", 0.2, 0.75, named=True),),
    )
    text = texts(compose(facts))
    assert "予以通报批评：项目1。" in text["behind"]
    assert "年底前未完成的项目须书面说明原因" in text["next_steps"]


def test_with_texts_replaces_texts_keeps_figures_and_refuses_empty_sections():
    content = compose(FACTS)
    edited = with_texts(content, {"overview": "  第一段。\r\n第二段。  \n", "ahead": "表扬。"})
    assert texts(edited)["overview"] == "第一段。\n第二段。"
    assert texts(edited)["behind"] == texts(content)["behind"]
    assert edited["figures"] == content["figures"]
    with pytest.raises(BulletinError) as e:
        with_texts(content, {"problems": "  ", "reporting": "x" * 7000})
    assert e.value.messages == ["“四、存在的问题”不能为空。", "“五、报送情况”不能超过6000字。"]


def test_counts_cover_every_colour():
    assert list(colour_counts(()).keys()) == list(COLOURS)


def test_projects_made_up_since_last_month_are_named_in_the_behind_section():
    projects = (
        line("1", "green", 0.62, 0.50, previous_colour="red"),
        line("2", "blue", 1.0, 0.50, finished=True, previous_colour="orange"),
        line("3", "yellow", 0.42, 0.50, previous_colour="red"),  # better, still behind: not made up
        line("4", "green", 0.55, 0.50, previous_colour="green"),
        line("5", "green", 0.55, 0.50),  # the plan's first month: nothing before
    )
    assert [p.seq for p in caught_up(projects)] == ["1", "2"]
    facts = dataclasses.replace(FACTS, projects=projects)
    text = behind_text(facts)
    assert "与上月末相比，以下2个项目已补齐序时进度：项目1（上月末红色）、项目2（上月末橙色）。" in text
    assert text.index("黄色") < text.index("补齐")  # after the projects still behind
    calm = dataclasses.replace(FACTS, projects=(projects[0], projects[3]))
    assert behind_text(calm).splitlines() == [
        "本期没有进展滞后的项目，各项目均按序时进度推进。",
        "与上月末相比，以下1个项目已补齐序时进度：项目1（上月末红色）。",
    ]
    assert "补齐" not in behind_text(FACTS)  # no month before known: nothing said
