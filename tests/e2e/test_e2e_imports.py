"""Importing people from the template the system provides: a bad file lists every error by row and column
and writes nothing; a clean file is written."""

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from zhenxing.core.idcard import make_id_number
from zhenxing.people.models import Person
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def download_template(page, live_server, title: str, folder: Path) -> Path:
    page.goto(f"{live_server.url}/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("数据导入")
    row = page.locator("tr", has=page.get_by_role("cell", name=title, exact=True))
    with page.expect_download() as info:
        row.get_by_role("link", name="下载模板").click()
    path = folder / f"{title}模板.xlsx"
    info.value.save_as(path)
    return path


def fill(template: Path, rows: list[list[str]], target: Path) -> Path:
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    book.save(target)
    return target


def upload(page, kind_label: str, path: Path):
    page.get_by_label("导入类型").select_option(label=kind_label)
    page.get_by_label(re.compile("^文件")).set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{kind_label}导入：{path.name}")


def person_row(household: str, name: str, id_number: str, gender: str, birth: str, relation: str):
    return [household, name, id_number, gender, birth, "汉族", "初中", "群众", relation, "13900000000"]


def test_a_bad_persons_file_lists_errors_by_row_and_column_and_writes_nothing(world, as_user, live_server,
                                                                                tmp_path):
    page = as_user(world.users.district_admin)
    template = download_template(page, live_server, "人员", tmp_path)
    headers = [c.value for c in openpyxl.load_workbook(template).worksheets[0][1]]
    assert headers[:3] == ["户编号", "姓名", "身份证号"]

    fresh = factories.household(world.units["village_a1"], world.units["grid_a1"])
    good_id = make_id_number("210113", date(1985, 4, 5), 7, "M")
    bad_check = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    rows = [
        person_row(fresh.number, "周正确", make_id_number("210113", date(1986, 1, 2), 9, "M"), "男",
                   "1986-01-02", "户主"),
        person_row(fresh.number, "吴校验", bad_check, "男", "1985-04-05", "配偶"),
        person_row("999999999999999", "郑无户", make_id_number("210113", date(1990, 3, 3), 11, "F"), "女",
                   "1990-03-03", "子女"),
        person_row(fresh.number, "冯日期", make_id_number("210113", date(1991, 7, 8), 13, "F"), "女",
                   "2091-07-08", "子女"),
    ]
    before = Person.objects.count()

    upload(page, "人员", fill(template, rows, tmp_path / "人员-有错.xlsx"))

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("处错误，未写入任何数据", timeout=20_000)
    errors = page.locator("table.import-errors tbody tr")
    found = {
        (errors.nth(i).locator("td").nth(0).inner_text(), errors.nth(i).locator("td").nth(1).inner_text()):
            errors.nth(i).locator("td").nth(2).inner_text()
        for i in range(errors.count())
    }
    assert "校验位" in found[("3", "身份证号")]
    assert "不存在" in found[("4", "户编号")]
    assert ("5", "出生日期") in found
    assert not any(row == "2" for row, _ in found), f"第2行是正确的，不应报错：{found}"
    expect(alert).to_contain_text(f"文件中有 {len(found)} 处错误")
    assert Person.objects.count() == before
    page.goto(f"{live_server.url}/people/persons/?q=周正确")
    expect(page.locator("table.register tbody")).to_contain_text("没有符合条件的记录")


def test_a_clean_persons_file_is_written(world, as_user, live_server, tmp_path):
    page = as_user(world.users.district_admin)
    template = download_template(page, live_server, "人员", tmp_path)
    fresh = factories.household(world.units["village_a1"], world.units["grid_a1"])
    rows = [
        person_row(fresh.number, "周新户", make_id_number("210113", date(1986, 1, 2), 9, "M"), "男",
                   "1986-01-02", "户主"),
        person_row(fresh.number, "吴新妻", make_id_number("210113", date(1987, 9, 9), 21, "F"), "女",
                   "1987-09-09", "配偶"),
    ]

    upload(page, "人员", fill(template, rows, tmp_path / "人员.xlsx"))

    expect(page.locator("#job-status")).to_contain_text("已导入 2 条人员记录。", timeout=20_000)
    page.goto(f"{live_server.url}/people/households/{fresh.pk}/")
    members = page.locator("table.members tbody tr")
    expect(members).to_have_count(2)
    expect(page.locator("dl.fields")).to_contain_text("周新户")
    expect(members.filter(has_text="吴新妻")).to_contain_text("配偶")


def test_an_upload_without_a_kind_or_file_type_is_refused_on_the_form(world, as_user, live_server, tmp_path):
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/imports/")
    text_file = tmp_path / "名单.txt"
    text_file.write_text("张三", encoding="utf-8")
    page.get_by_label("导入类型").select_option(label="人员")
    page.get_by_label(re.compile("^文件")).set_input_files(str(text_file))
    page.get_by_role("button", name="上传并导入").click()

    expect(page.get_by_role("alert")).to_have_text("人员导入只支持 .xlsx、.xlsm、.xls、.ods、.csv 文件")
    expect(page.get_by_role("heading", level=1)).to_have_text("数据导入")
