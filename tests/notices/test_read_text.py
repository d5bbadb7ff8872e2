"""The text reader: tab rows with HTML cells, Word's one-cell-per-line export, paragraphs."""

from minsheng.notices.readers.text import read_text


def test_tab_rows_with_html_cells():
    doc = read_text("通知标题\n序号\t名称\t单位\n1\t建设食堂\t<p><b>市民政局</b></p><p>市财政局</p>\n")
    assert [p.text for p in doc.paragraphs()] == ["通知标题"]
    table = doc.tables()[0]
    assert [c.text for c in table.rows[0]] == ["序号", "名称", "单位"]
    unit_cell = table.rows[1][2]
    assert unit_cell.lines() == ["市民政局", "市财政局"]
    assert unit_cell.bold_texts() == ["市民政局"]


def test_word_export_rows_and_continued_lines():
    text = "标题\n\t序号\n\t项目名称\n\t承办单位\n\n\t1\n\t实施婴幼儿托育\n扩容提质工程\n\t市民政局\n各县（市、区）\n\n附：说明"
    doc = read_text(text)
    table = doc.tables()[0]
    assert len(table.rows) == 2
    assert table.rows[1][1].text == "实施婴幼儿托育\n扩容提质工程"
    assert table.rows[1][2].lines() == ["市民政局", "各县（市、区）"]
    assert [p.text for p in doc.paragraphs()] == ["标题", "附：说明"]


def test_blank_lines_between_tab_rows_keep_one_table():
    doc = read_text("序号\t名称\t单位\n\n1\t甲\t乙\n\n2\t丙\t丁\n")
    assert len(doc.tables()) == 1 and len(doc.tables()[0].rows) == 3


def test_markdown_headings_and_bookmarks_are_cleaned():
    doc = read_text("# 某市人民政府文件\n [bookmark: BK1]关于办好2025年民生实事的通知")
    assert [p.text for p in doc.paragraphs()] == ["某市人民政府文件", "关于办好2025年民生实事的通知"]
