"""标出清单 (/notices/<pk>/mark/): the office marks the lines of the stored notice that are its list, and
each becomes a project of the draft. The form is fetched, filled and posted back as a browser would;
only the office that may review the import reaches it; a bad choice or a handled import writes nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url

from minsheng.core.models import AuditEvent, Region
from minsheng.notices.models import ImportState, NoticeImport
from tests.forms import form_data

# A notice whose list the importer does not find: three projects written as plain paragraphs.
NOTICE = """微山县人民政府关于办好2025年民生实事的通知
各乡、镇人民政府，各街道办事处：
经县人大票决，今年重点办好老年人助餐、农村公路和学位建设等民生实事，现将有关事项通知如下。
在全县新建老年人食堂10处，缓解老年人用餐难问题（牵头单位：县民政局）。
新改建农村公路不少于50公里，年底前全部完工（牵头单位：县交通运输局）。
新增公办学位3000个，缓解城区入学难（牵头单位：县教育局；配合单位：县财政局）。
请各单位认真落实，确保按期完成。
微山县人民政府
2025年1月10日"""


def _upload(client, text=NOTICE, region="微山县") -> NoticeImport:
    region_id = Region.objects.get(name=region).pk
    file = SimpleUploadedFile("通知.txt", text.encode())
    assert client.post("/notices/", {"file": file, "region": region_id}).status_code == 302
    return NoticeImport.objects.latest("pk")


def _lines(html: str) -> dict[str, int]:
    """The page's lines: text → number."""
    found = re.findall(
        r'value="(\d+)"[^>]*><span class="line-no">\d+</span><span class="line-text">([^<]*)<', html
    )
    return {text: int(n) for n, text in found}


def _marks(notice: NoticeImport) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(model="notices.noticeimport", object_id=str(notice.pk))
        if "项目清单" in e.changes
    ]


def test_the_office_marks_the_list_and_each_line_becomes_a_project(client_for):
    client = client_for("weishan")
    notice = _upload(client)
    assert notice.draft["projects"] == []
    review = client.get(f"/notices/{notice.pk}/").content.decode()
    assert f'href="/notices/{notice.pk}/mark/"' in review and 'id="mark-prompt"' in review

    page = client.get(f"/notices/{notice.pk}/mark/")
    html = page.content.decode()
    assert page.status_code == 200 and 'name="from"' in html and 'name="to"' in html
    lines = _lines(html)
    assert len(lines) == 9 and lines[NOTICE.splitlines()[0]] == 1
    data = form_data(html)
    assert "line" not in data  # nothing ticked: the draft has no projects
    data["line"] = [str(lines[text]) for text in NOTICE.splitlines()[3:6]]
    response = client.post(f"/notices/{notice.pk}/mark/", data, follow=True)

    assert response.redirect_chain == [(f"/notices/{notice.pk}/", 302)]
    assert "已按标出的 3 行生成项目，请逐项核对。" in response.content.decode()
    notice.refresh_from_db()
    projects = notice.draft["projects"]
    assert [p["seq"] for p in projects] == ["1", "2", "3"]
    assert projects[0]["name"].startswith("在全县新建老年人食堂10处")
    assert [p["lead_units"] for p in projects] == [["县民政局"], ["县交通运输局"], ["县教育局"]]
    assert projects[2]["co_units"] == ["县财政局"]
    assert [t["value"] for t in projects[1]["targets"]] == [50]
    assert notice.draft["plan"]["year"] == 2025 and "民生实事" in notice.draft["plan"]["title"]  # kept
    assert not any("未在文件中找到" in w for w in notice.draft["warnings"])  # the importer's miss is moot
    [event] = _marks(notice)
    assert event.actor.username == "weishan" and "标出的 3 行" in event.changes["项目清单"][1]

    again = client.get(f"/notices/{notice.pk}/mark/").content.decode()  # the marked lines stay ticked
    assert form_data(again)["line"] in {str(n) for n in data["line"]}
    assert again.count(" checked>") == 3


def test_a_range_of_lines_marks_them_all(client_for):
    client = client_for("weishan")
    notice = _upload(client)
    data = form_data(client.get(f"/notices/{notice.pk}/mark/").content.decode())
    data.update({"from": "6", "to": "4"})  # given backwards: the range all the same
    assert client.post(f"/notices/{notice.pk}/mark/", data).status_code == 302
    notice.refresh_from_db()
    assert len(notice.draft["projects"]) == 3 and notice.draft["marked_lines"] == [4, 5, 6]


def test_marking_replaces_a_wrong_list(client_for):
    client = client_for("weishan")
    notice = _upload(client)
    client.post(f"/notices/{notice.pk}/mark/", {"from": "1", "to": "9"})
    client.post(f"/notices/{notice.pk}/mark/", {"line": ["5"]})
    notice.refresh_from_db()
    assert [p["name"] for p in notice.draft["projects"]] == ["新改建农村公路不少于50公里，年底前全部完工"]
    assert len(_marks(notice)) == 2


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({}, "没有选中任何一行"),
        ({"from": "3"}, "请同时填写"),
        ({"line": ["x"]}, "行号有误"),
        ({"line": ["10"]}, "没有第 10 行"),
        ({"from": "1", "to": "501"}, "一次最多标出 500 行"),
    ],
)
def test_a_bad_choice_is_refused_in_chinese_and_writes_nothing(client_for, data, said):
    client = client_for("weishan")
    notice = _upload(client)
    response = client.post(f"/notices/{notice.pk}/mark/", data)
    assert response.status_code == 400 and said in response.content.decode()
    notice.refresh_from_db()
    assert notice.draft["projects"] == [] and not _marks(notice)


def test_more_than_500_lines_ticked_are_refused(client_for):
    client = client_for("weishan")
    text = NOTICE + "\n" + "\n".join(f"附：第{n}条说明文字" for n in range(600))
    notice = _upload(client, text)
    response = client.post(f"/notices/{notice.pk}/mark/", {"line": [str(n) for n in range(1, 502)]})
    assert response.status_code == 400 and "本次选中了 501 行" in response.content.decode()
    assert response.content.decode().count(" checked>") == 501  # the ticks are kept to correct
    notice.refresh_from_db()
    assert notice.draft["projects"] == [] and not _marks(notice)


@pytest.mark.parametrize("state", [ImportState.COMMITTED, ImportState.DISCARDED])
def test_a_handled_import_is_refused(client_for, state):
    client = client_for("weishan")
    notice = _upload(client)
    NoticeImport.objects.filter(pk=notice.pk).update(state=state)
    page = client.get(f"/notices/{notice.pk}/mark/")
    assert page.status_code == 409 and "不能再标出清单" in page.content.decode()
    assert client.post(f"/notices/{notice.pk}/mark/", {"line": ["4"]}).status_code == 409
    notice.refresh_from_db()
    assert notice.draft["projects"] == [] and not _marks(notice)
    assert "自己标出清单" not in client.get(f"/notices/{notice.pk}/").content.decode()


@pytest.mark.parametrize("role", ["outsider", "minzheng", "deputy", "leader", None])
def test_only_the_office_of_the_import_reaches_it(client_for, role):
    notice = _upload(client_for("weishan"))
    client = client_for(role)
    url = f"/notices/{notice.pk}/mark/"
    for response in (client.get(url), client.post(url, {"line": ["4"]})):
        assert response.status_code == 404 or response["Location"].startswith(resolve_url("login"))
    notice.refresh_from_db()
    assert notice.draft["projects"] == [] and not _marks(notice)


def test_a_county_office_cannot_mark_a_city_import_and_a_forged_id_is_404(client_for):
    notice = _upload(client_for("office"), region="济宁市")
    weishan = client_for("weishan")
    assert weishan.get(f"/notices/{notice.pk}/mark/").status_code == 404
    assert weishan.post(f"/notices/{notice.pk}/mark/", {"line": ["4"]}).status_code == 404
    assert client_for("office").get(f"/notices/{notice.pk + 999}/mark/").status_code == 404
    assert client_for("office").get(f"/notices/{notice.pk}/mark/").status_code == 200
    assert not _marks(notice)


def test_an_import_without_its_file_says_so(client_for):
    client = client_for("weishan")
    notice = _upload(client)
    NoticeImport.objects.filter(pk=notice.pk).update(file="")
    page = client.get(f"/notices/{notice.pk}/mark/")
    assert page.status_code == 422 and "没有保存原文件" in page.content.decode()


def test_a_list_found_without_numbering_offers_marking_prominently(client_for):
    client = client_for("weishan")
    bare = NOTICE.replace("现将有关事项通知如下。", "今年的民生实事项目是：").replace(
        "（牵头单位：县民政局）", ""
    )
    text = "\n".join(
        [*bare.splitlines()[:3], "城区停车位建设工程", "农村饮水安全提升工程", "老旧小区改造工程"]
    )
    notice = _upload(client, text)
    assert len(notice.draft["projects"]) == 3  # the importer took the bare lines, and asks about them
    review = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'id="mark-prompt"' in review and "可能不对" in review and "清单不对？自己标出清单" in review
    page = client.get(f"/notices/{notice.pk}/mark/").content.decode()
    assert re.findall(r'value="(\d+)" checked>', page) == ["4", "5", "6"]  # the importer's lines come ticked
