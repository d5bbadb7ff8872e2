"""Open data of a public plan: /public/plans/<id>.csv (UTF-8 with a BOM, Chinese header, one row per
project, formula-like cells quoted) and .json, with file names; drafts are 404."""

import csv
import datetime
import io
from urllib.parse import unquote

import pytest
from django.core.cache import cache

from minsheng.core import spreadsheet
from minsheng.dashboard.public import rules as public
from minsheng.plans.models import Project
from minsheng.supervision.models import Acceptance
from tests.conftest import plan, project
from tests.test_public_board import approved


@pytest.fixture(autouse=True)
def fresh(settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    cache.clear()
    yield
    cache.clear()


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Chinese
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_one_row_per_project(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    approved(item, values={item.indicators.get(): "1100"})
    response = client_for(None).get(f"/public/plans/{p.pk}.csv")
    assert response["Content-Type"].startswith("text/csv") and "charset=utf-8" in response["Content-Type"]
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;") and "济宁市2024年民生实事进度.csv" in disposition
    rows = rows_of(response)
    assert rows[0] == public.CSV_HEADERS
    assert rows[0][:3] == ["序号", "类别", "项目名称"] and rows[0][-1] == "已验收"
    assert len(rows) == 1 + p.projects.count()
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["序号"] == "1" and first["项目名称"] == item.name and first["牵头单位"] == "市民政局"
    assert first["进度(%)"] == "55" and first["最近更新"] == "2024-07-01" and first["已验收"] == "否"
    assert first["状态"].split(" ")[0] in "绿黄橙红" and " " in first["状态"]  # the colour in words
    assert "免费对2000户" in first["目标"]
    assert all(r[9] == "暂无" for r in rows[2:] if r[0] != "1")


def test_json_structure(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    report = approved(item, values={item.indicators.get(): "1100"})
    Acceptance.objects.create(
        project=item,
        evidence="完成",
        state="accepted",
        applied_at=report.approved_at,
        decided_at=datetime.datetime(2024, 7, 2, 10, tzinfo=datetime.UTC),
    )
    response = client_for(None).get(f"/public/plans/{p.pk}.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "济宁市2024年民生实事进度.json" in unquote(response["Content-Disposition"])
    data = response.json()
    assert data["as_of"] == "2024-07-15"
    assert data["plan"]["id"] == p.pk and data["plan"]["title"] == p.title and data["plan"]["year"] == 2024
    assert len(data["projects"]) == p.projects.count()
    first = data["projects"][0]
    assert set(first) == {
        "seq",
        "category",
        "name",
        "targets",
        "lead_units",
        "co_units",
        "deadline",
        "progress",
        "colour",
        "colour_label",
        "last_update",
        "accepted",
    }
    assert first["targets"][0] == {
        "text": item.indicators.get().text,
        "target": 2000,
        "unit": "户",
        "actual": 1100,
    }
    assert (
        first["colour"] == "blue" and first["colour_label"] == "蓝 已完成验收" and first["accepted"] is True
    )
    assert (
        first["progress"] == 100  # accepted counts as done, whatever the last report said (1100 of 2000)
        and first["last_update"] == "2024-07-01"
        and first["lead_units"] == ["市民政局"]
    )
    assert data["projects"][1]["last_update"] is None and data["projects"][1]["targets"][0]["actual"] is None
    assert "reasons" not in response.content.decode()


def test_formula_injection_is_escaped(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    Project.objects.filter(pk=item.pk).update(name='=HYPERLINK("http://evil.example","点我")')
    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"]:
        assert spreadsheet.csv_cell(bad) == "'" + bad
    assert spreadsheet.csv_cell("改造2000户") == "改造2000户" and spreadsheet.csv_cell(None) == ""
    rows = rows_of(client_for(None).get(f"/public/plans/{p.pk}.csv"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example","点我")'
    assert client_for(None).get(f"/public/plans/{p.pk}.json").json()["projects"][0]["name"].startswith("=")


def test_drafts_have_no_open_data(client_for):
    draft = plan("济宁市", 2025)
    assert client_for(None).get(f"/public/plans/{draft.pk}.csv").status_code == 404
    assert client_for("office").get(f"/public/plans/{draft.pk}.json").status_code == 404


def test_public_rows_words_counts_and_filters():
    from types import SimpleNamespace

    def row(pk, colour, progress, category="一、养老", name="项目", units=("市民政局",)):
        status = SimpleNamespace(
            colour=colour, progress=progress, finished=False, reasons=("落后序时进度 20 个百分点",)
        )
        facts = {"pk": pk, "seq": str(pk), "category": category, "name": name, "lead_units": units}
        return public.make_row(facts, status, [], None)

    rows = [
        row(1, "green", 0.5),
        row(2, "red", 0.104, name="老年食堂"),
        row(3, "blue", 1.2, category="二、教育"),
    ]
    assert [r.progress for r in rows] == [50, 10, 100]  # percent, capped
    assert rows[2].accepted and not rows[0].accepted and rows[1].colour_label == "红 严重滞后"
    assert "reasons" not in public.PublicRow.__dataclass_fields__  # a public row cannot carry them
    counts = {c["colour"]: c["count"] for c in public.colour_counts(rows)}
    assert counts == {"blue": 1, "green": 1, "yellow": 0, "orange": 0, "red": 1}
    assert (
        public.summary_sentence(rows)
        == "共 3 个项目，其中已完成验收 1 个，正常推进 1 个，严重滞后 1 个；平均进度 53%。"
    )
    assert [r.pk for r in public.filter_rows(rows, colour="red")] == [2]
    assert [r.pk for r in public.filter_rows(rows, category="二、教育")] == [3]
    assert [r.pk for r in public.filter_rows(rows, q="食堂")] == [2]
    assert [r.pk for r in public.filter_rows(rows, q="民政")] == [1, 2, 3]
    assert [c for c, _ in public.group_by_category(rows)] == ["一、养老", "二、教育"]
    assert public.make_row({"pk": 9, "seq": "9", "name": "无状态"}, None, [], None).progress == 0
