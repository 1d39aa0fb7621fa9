"""The person and household registers as a user works them: filters, masked IDs, lookup, detail, reveal,
export, and the 404 for another village's household."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from zhenxing.core import personal

pytestmark = pytest.mark.browser


def register_names(page) -> list[str]:
    """The first column (姓名) of the register table, in order."""
    return page.locator("table.register tbody tr td:first-child a").all_inner_texts()


def test_person_register_filters_by_political_status_and_village(world, as_user, live_server):
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/people/persons/")
    expect(page.get_by_role("heading", level=1)).to_have_text("人员台账")
    assert sorted(register_names(page)) == sorted(["王建国", "李秀英", "王小明", "王建华", "赵外村"])

    page.get_by_label("政治面貌").select_option(label="中共党员")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"political_status=cpc"))
    assert sorted(register_names(page)) == ["王建华", "王建国"]

    page.get_by_label("村/社区").select_option(label="A街1村")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"village=210113001201"))
    assert register_names(page) == ["王建国"]
    # The filters stay as chosen after the search.
    expect(page.get_by_label("政治面貌")).to_have_value("cpc")
    expect(page.get_by_label("村/社区")).to_have_value("210113001201")


def test_person_register_shows_masked_id_numbers_only(world, as_user, live_server):
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/people/persons/?q=王建国")

    number = personal.decrypt(world.head.id_number_enc)
    row = page.locator("table.register tbody tr", has_text="王建国")
    expect(row.locator("td[data-label='身份证号']")).to_have_text(number[:4] + "*" * 10 + number[-4:])
    assert number not in page.content()


def test_lookup_by_full_id_number_finds_exactly_that_person(world, as_user, live_server):
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/people/persons/")
    page.get_by_label("姓名或身份证号").fill(personal.decrypt(world.namesake.id_number_enc))
    page.get_by_role("button", name="查询").click()

    assert register_names(page) == ["王建华"]
    page.get_by_role("link", name="王建华").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("王建华")


def test_household_detail_lists_members_with_their_relationships(world, as_user, live_server):
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/people/households/")
    page.get_by_role("link", name=world.home.number).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"户 {world.home.number}")
    expect(page.locator("dl.fields")).to_contain_text("王建国")
    expect(page.locator("dl.fields")).to_contain_text("A街1村第一网格")
    rows = page.locator("table.members tbody tr")
    expect(rows).to_have_count(3)
    relations = {
        rows.nth(i).locator("td[data-label='姓名']").inner_text(): rows.nth(i).locator(
            "td[data-label='与户主关系']").inner_text()
        for i in range(3)
    }
    assert relations == {"王建国": "户主", "李秀英": "配偶", "王小明": "子女"}
    expect(page.get_by_role("heading", name="家庭成员（3）")).to_be_visible()


def test_village_secretary_reveals_a_full_id_number(world, as_user, live_server):
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/people/persons/{world.spouse.pk}/")
    number = personal.decrypt(world.spouse.id_number_enc)
    expect(page.locator("#personal")).to_contain_text(world.spouse.id_number_masked)
    assert number not in page.content()

    page.get_by_role("button", name="查看完整信息（将记录审计）").click()

    expect(page.locator("#personal .revealed")).to_contain_text(number)
    expect(page.locator("#personal .revealed")).to_contain_text("13800000000")


def test_village_cadre_has_no_reveal_button(world, as_user, live_server):
    page = as_user(world.users.village_cadre)
    page.goto(f"{live_server.url}/people/persons/{world.spouse.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("李秀英")
    expect(page.locator("#personal")).to_contain_text(world.spouse.id_number_masked)
    expect(page.get_by_role("button", name=re.compile("查看完整信息"))).to_have_count(0)


def test_export_downloads_the_filtered_register_as_xlsx(world, as_user, live_server):
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/people/persons/?political_status=cpc")

    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    download = info.value

    assert download.suggested_filename.endswith(".xlsx")
    assert download.suggested_filename.startswith("人员台账")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "性别", "出生日期", "身份证号", "政治面貌", "村/社区")
    assert sorted(r[0] for r in rows[1:]) == ["王建华", "王建国"]
    # Exports are masked like the page.
    assert {r[3] for r in rows[1:]} == {world.head.id_number_masked, world.namesake.id_number_masked}


def test_village_secretary_typing_another_villages_household_gets_404(world, as_user, live_server):
    page = as_user(world.users.village_secretary)

    own = page.goto(f"{live_server.url}/people/households/{world.home.pk}/")
    assert own.status == 200
    for household in (world.b_home, world.namesake.household):  # another street's village; the next village
        other = page.goto(f"{live_server.url}/people/households/{household.pk}/")
        assert other.status == 404
        assert household.number not in page.content()
        assert household.head.name not in page.content()
