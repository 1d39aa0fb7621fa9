"""A 12345 export imported as cases: every bad cell reported by row and column and nothing written; a
clean file becomes cases in 已上报 at their villages; the same orders again are refused."""

import openpyxl
import pytest

from zhenxing.core import imports
from zhenxing.governance.cases.models import Case
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
HEADERS = ["工单编号", "受理时间", "诉求人", "联系电话", "发生地代码", "地址", "事项类别", "诉求内容"]


def workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(path, user):
    actor = access.actor_for(user)
    return imports.run(imports.specs["hotline_cases"], path, actor=actor,
                       scope_path=actor.paths(access.IMPORT)[0])


def test_a_hotline_export_becomes_cases_and_is_not_imported_twice(tmp_path, district):
    factories.dispatch_category(name="道路积水")
    admin = factories.user("street_admin", district["street_a"])
    bad = workbook(tmp_path / "bad.xlsx", [
        ["SY1", "2024-05-06 09:30", "张先生", "", district["grid_a1"].code, "三组", "道路积水", "村口积水"],
        ["SY1", "2024-05-06", "", "", district["village_a1"].code, "", "", "重复的工单"],
        ["SY3", "明天", "", "", district["village_b1"].code, "", "修路", "别的街道"],
        ["SY4", "2024-05-06", "", "", district["village_a2"].code, "", "", ""],
    ])
    result = run(bad, admin)
    found = {(e["row"], e["column"]) for e in result.errors.items}
    assert {(3, "工单编号"), (4, "受理时间"), (4, "发生地代码"), (4, "事项类别"), (5, "诉求内容")} <= found
    assert not any(row == 2 for row, _ in found) and not Case.objects.exists()

    good = workbook(tmp_path / "good.xlsx", [
        ["SY1", "2024-05-06 09:30", "张先生", "13800000000", district["grid_a1"].code, "三组", "道路积水",
         "村口积水"],
        ["SY2", "2024/05/07", "", "", district["village_a2"].code, "", "", "路灯不亮"],
    ])
    assert run(good, admin).written == 2
    first = Case.objects.get(hotline_number="SY1")
    assert (first.source, first.state, first.village, first.path) == (
        "hotline", "reported", district["village_a1"], district["grid_a1"].path)
    assert first.category.name == "道路积水" and first.due_at is not None
    again = run(good, admin)
    assert {(e["row"], e["message"]) for e in again.errors.items} >= {(2, "工单编号“SY1”已导入")}
    assert Case.objects.count() == 2
