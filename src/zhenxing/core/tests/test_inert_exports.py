"""Exports are inert: a text that a spreadsheet would run as a formula (imported as an address, typed
as a shop's stock-in note, shown in an import's error list or template) comes back as the same text,
never as a formula (OWASP's CSV-injection rule, applied where every export writes its cells)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from zhenxing.core import excel, imports
from zhenxing.orgs import access
from zhenxing.points.shop import services as shop_services
from zhenxing.testing import factories
from zhenxing.testing.tables import table_file

pytestmark = pytest.mark.django_db

CALC = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","y")'
HOSTILE = [CALC, LINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "#N/A"]


def cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_inert(content: bytes, *texts: str):
    found = cells(content)
    assert not [c.coordinate for c in found if c.data_type == "f"]
    values = {c.value for c in found}
    for text in texts:
        assert text in values, text
    for c in found:
        if excel.is_formula_like(c.value):
            assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)


def test_workbook_cells_keep_formula_like_text_as_text():
    assert_inert(excel.workbook_bytes("t", ["=表头", "列"], [[t, 1] for t in HOSTILE]), "=表头", *HOSTILE)


def test_csv_cells_get_an_apostrophe_before_formula_like_text():
    rows = list(csv.reader(io.StringIO(excel.csv_bytes(["a"], [[t] for t in HOSTILE + ["普通"]])
                                       .decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE[:-1]] + ["#N/A", "普通"]


def test_households_imported_with_formula_addresses_export_as_text(client, district, tmp_path):
    admin = factories.user("district_admin", district["county"])
    path = table_file(tmp_path / "h.csv", ["户编号", "村/社区代码", "住址", "集体经济组织成员户"], [
        ["H1", "210113001201", CALC, "是"],
        ["H2", "210113001201", LINK, "是"],
    ])
    actor = access.actor_for(admin)
    result = imports.run(imports.specs["households"], path, actor=actor, scope_path=district["county"].path)
    assert result.written == 2, result.errors.items
    client.force_login(admin)
    response = client.get("/people/households/?export=xlsx")
    assert response.status_code == 200
    assert_inert(response.content, CALC, LINK)


def test_a_stock_in_note_exports_as_text(client, district):
    village = district["village_a1"]
    shop = factories.points_shop(village, factories.spendable_scheme(district["county"]))
    goods = factories.shop_goods(shop, name="食用油")
    keeper = factories.user("village_cadre", village)
    shop_services.stock_in(actor=access.actor_for(keeper), goods=goods, quantity="5", source="供销社",
                           note="=1+1")
    client.force_login(keeper)
    response = client.get(reverse("points:shop_stock_ins", args=[shop.pk]) + "?start=2000-01-01&export=xlsx")
    assert response.status_code == 200
    assert_inert(response.content, "=1+1")


class _Spec(imports.ImportSpec):
    kind = "inert_test"
    title = "测试"
    columns = (imports.ImportColumn("name", "名称", note="=1+1", example=CALC),
               imports.ImportColumn("unit", "单位"))

    def template_lists(self, ctx):
        return {"unit": [LINK, "马刚村"]}  # data lists come from names people typed


def test_an_import_template_writes_formula_like_lists_and_examples_as_text():
    assert_inert(imports.template_bytes(_Spec(), {}), LINK, CALC, "=1+1")
