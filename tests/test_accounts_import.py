"""Units and people from the office's .xlsx: the template imports as it is; a wrong row anywhere writes
nothing and names the row; a broken or foreign file is refused in Chinese; an existing account of the
office's gets the role it lacks; everything lands in the audit trail."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from minsheng.core.audit import events_for
from minsheng.core.models import Membership, Unit

User = get_user_model()


def workbook(units=(), people=()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(["单位名称", "所属区划", "类型"])
    for row in units:
        sheet.append(list(row))
    people_sheet = book.create_sheet("人员")
    people_sheet.append(["用户名", "姓名", "角色", "单位", "所属区划"])
    for row in people:
        people_sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, name="people.xlsx"):
    return client.post("/office/import/", {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def office(client_for):
    return client_for("office")


def test_the_templates_example_is_never_imported_and_a_filled_copy_is(office):
    import openpyxl

    template = office.get("/office/import/template.xlsx")
    assert template.status_code == 200
    unchanged = upload(office, template.content)
    assert unchanged.status_code == 422 and "没有读到" in unchanged.content.decode()
    assert not User.objects.filter(username__contains="zhangsan").exists()
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    book["单位"].append(["市数据局", "济宁市", "事业单位"])
    book["人员"].append(["zhangsan", "张三", "单位填报员", "市数据局", "济宁市"])
    filled = io.BytesIO()
    book.save(filled)
    answer = upload(office, filled.getvalue())
    html = answer.content.decode()
    assert answer.status_code == 200 and "新增单位 1 个，开通账号 1 个" in html
    unit = Unit.objects.get(name="市数据局", region__name="济宁市")
    user = User.objects.get(username="zhangsan")
    assert Membership.objects.filter(user=user, role="reporter", unit=unit).exists()
    assert events_for(unit).exists() and events_for(user).exists()
    password = html.split("<code>")[1].split("</code>")[0]
    assert get_user_model().objects.get(username="zhangsan").check_password(password)


def test_a_wrong_row_writes_nothing_and_is_named(office):
    data = workbook(
        units=[("市数据局", "济宁市", "部门单位"), ("某公司", "火星", "企业")],
        people=[
            ("lisi", "李四", "单位填报员", "市数据局", "济宁市"),
            ("wangwu", "", "局长", "", "济宁市"),
            ("zhaoliu", "赵六", "单位审核人", "不存在的局", "济宁市"),
            ("lisi", "李四", "单位审核人", "市数据局", "济宁市"),
        ],
    )
    answer = upload(office, data)
    html = answer.content.decode()
    assert answer.status_code == 422
    for message in [
        "单位表第 3 行：区划“火星”不在本级及下级范围内。",
        "人员表第 3 行：请填写姓名。",
        "人员表第 3 行：角色“局长”不对",
        "人员表第 4 行：济宁市没有单位“不存在的局”",
        "人员表第 5 行：用户名“lisi”在表中重复。",
    ]:
        assert message in html, message
    assert (
        not Unit.objects.filter(name="市数据局").exists()
        and not User.objects.filter(username="lisi").exists()
    )


def test_an_existing_account_gets_the_role_it_lacks(office, users):
    data = workbook(people=[("minzheng", "民政填报", "人大代表", "", "济宁市")])
    answer = upload(office, data)
    assert answer.status_code == 200 and "为已有账号授予角色 1 个" in answer.content.decode()
    assert Membership.objects.filter(user=users["minzheng"], role="deputy", region__name="济宁市").exists()
    assert "<code>" not in answer.content.decode()


def test_a_county_cannot_import_into_the_city(client_for):
    answer = upload(client_for("weishan"), workbook(units=[("市数据局", "济宁市", "部门单位")]))
    assert answer.status_code == 422 and "区划“济宁市”不在本级及下级范围内" in answer.content.decode()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.xlsx", "文件为空"),
        (b"PK\x03\x04broken", "a.xlsx", "Excel"),
        ("项目,单位\n".encode(), "a.csv", "不是 Excel"),
    ],
)
def test_a_broken_or_foreign_file_is_refused_in_chinese(office, data, name, message):
    answer = upload(office, data, name)
    assert answer.status_code == 422 and message in answer.content.decode()


def test_only_offices_import(client_for):
    assert client_for("minzheng").get("/office/import/").status_code == 403
    assert client_for("minzheng").get("/office/import/template.xlsx").status_code == 403
