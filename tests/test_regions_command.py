"""`minsheng regions`: a new installation's region tree from the list an operator has (.csv in UTF-8 or
GBK, or .xlsx), each region with its government and an audit event; run again, nothing is made twice;
any wrong row, or a region already under another parent, writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from minsheng.core.models import AuditEvent, Region, Unit

SHANXI = """区划代码,名称,类型,上级
140000,山西省,,
140100,太原市,,
140121,清徐县,,
140121100000,清源镇,,
,太原高新区,功能区,太原市
"""


def run(*args) -> str:
    out = io.StringIO()
    call_command("regions", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def shanxi(tmp_path):
    path = tmp_path / "山西.csv"
    path.write_bytes(SHANXI.encode("gb18030"))  # as an older tool exports it
    return path


@pytest.mark.django_db
def test_a_list_makes_the_tree_with_governments_once(shanxi):
    before = Region.objects.count()
    said = run(str(shanxi))
    assert "导入完成：新建 5 个，已存在 0 个" in said
    province = Region.objects.get(code="140000")
    county = Region.objects.get(code="140121")
    town = Region.objects.get(code="140121100")
    zone = Region.objects.get(name="太原高新区")
    assert (province.kind, province.parent) == ("province", None)
    assert county.parent.code == "140100" and town.parent == county and town.kind == "town"
    assert zone.parent.code == "140100" and zone.kind == "zone" and zone.code == ""
    assert town.path.startswith(province.path) and Region.objects.count() == before + 5
    assert Unit.objects.get(governs=zone).name == "太原高新区管理委员会"
    assert Unit.objects.get(governs=county).name == "清徐县人民政府"
    events = AuditEvent.objects.filter(model="core.region", action="create", via="cli")
    assert events.count() == 5 and events.get(object_id=str(town.pk)).changes["上级"] == [None, "140121"]

    assert "新建 0 个，已存在 5 个" in run(str(shanxi))  # again: nothing twice
    assert Region.objects.count() == before + 5 and AuditEvent.objects.filter(via="cli").count() == 5


@pytest.mark.django_db
def test_an_xlsx_with_statistics_codes_under_a_region_already_there(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["区划代码", "名称"])
    sheet.append([370826100000, "夏镇街道"])  # a number cell, as Excel keeps a long code
    sheet.append(["370826101000", "韩庄镇"])
    path = tmp_path / "微山县乡镇.xlsx"
    book.save(path)
    weishan = Region.objects.get(code="370826")
    assert weishan.children.filter(name="夏镇街道", code="").exists()  # the built-in tree has it, codeless
    assert "新建 1 个，已存在 1 个" in run(str(path))  # found by its place and name, not made twice
    assert weishan.children.filter(name="夏镇街道").count() == 1
    assert weishan.children.get(name="韩庄镇").kind == "town"


@pytest.mark.django_db
def test_a_wrong_row_or_a_moved_region_writes_nothing(tmp_path, shanxi):
    before = Region.objects.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(SHANXI + "14012,清徐新县,,\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(str(bad))
    assert "区划表未导入" in str(refused.value) and "第 7 行：区划代码“14012”应为 6、9 或 12 位数字" in str(
        refused.value
    )
    shandong = tmp_path / "山东.csv"
    shandong.write_text("区划代码,名称\n370000,山东省\n370800,济宁市\n", encoding="utf-8")
    with pytest.raises(CommandError, match="济宁市 已在平台中，但上级不同（现为 无（顶级））"):
        run(str(shandong))
    assert Region.objects.count() == before and not AuditEvent.objects.filter(via="cli").exists()
    assert "检查通过（未写入）：将新建 5 个" in run(str(shanxi), "--dry-run")
    assert Region.objects.count() == before


@pytest.mark.django_db
def test_files_that_are_not_a_region_list_get_a_chinese_reason(tmp_path):
    cases = {
        "empty.csv": (b"", "文件为空"),
        "names.csv": ("名称\n济宁市\n".encode(), "第 1 行缺少“区划代码”列"),
        "list.docx": (b"hello", "请提供 .csv 或 .xlsx 文件"),
        "broken.xlsx": (b"PK\x03\x04broken", "已损坏"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CommandError, match=message):
            run(str(path))
    with pytest.raises(CommandError, match="无法读取文件"):
        run(str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="二者选一"):
        run()


def test_on_a_new_installation_the_builtin_tree_loads_like_a_list_and_a_dry_run_writes_nothing(tmp_path):
    from tests.test_backup import minsheng

    url, data = f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path / "data"
    minsheng(url, data, "migrate", "--noinput", "-v0")
    said = minsheng(url, data, "regions", "--builtin", "--dry-run").stdout
    assert "检查通过（未写入）：将新建 25 个" in said and "平台共 0 个区划" in said
    said = minsheng(url, data, "regions", "--builtin").stdout
    assert "导入完成：新建 25 个" in said and "新建 370800       济宁市" in said
    check = (
        "from minsheng.core.models import AuditEvent, Region, Unit;"
        "print(Region.objects.get(code='370800').parent_id, Region.objects.get(name='夏镇街道').parent.code,"
        " AuditEvent.objects.filter(model='core.region', via='cli').count(),"
        " Unit.objects.get(governs__name='济宁高新区').name)"
    )
    last = minsheng(url, data, "shell", "-c", check).stdout.strip().splitlines()[-1]
    assert last.split() == ["None", "370826", "25", "济宁高新区管委会"]
    assert "新建 0 个，已存在 25 个" in minsheng(url, data, "regions", "--builtin").stdout


@pytest.mark.django_db
def test_a_code_already_there_under_another_name_is_said(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("区划代码,名称\n370826,微山\n", encoding="utf-8")
    assert "已存在 370826       微山县（表中写作“微山”，未改名）" in run(str(path))
