"""Import of org units: code structure, parents in the database or the file, scope, duplicates."""

import pytest

from zhenxing.core import imports
from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.testing import factories
from zhenxing.testing.tables import table_file

HEADERS = ["代码", "名称", "具备发展条件村"]
pytestmark = pytest.mark.django_db


def run(path, user, scope_path=None):
    actor = access.actor_for(user)
    return imports.run(
        imports.specs["org_units"], path, actor=actor, scope_path=scope_path or actor.paths(access.IMPORT)[0]
    )


def errors_of(result):
    return [(e["row"], e["column"], e["message"]) for e in result.errors.items]


def test_clean_file_in_any_order_is_written_with_parents_levels_and_paths(tmp_path, district):
    admin = factories.user("district_admin", district["county"])
    rows = [
        ["210113003201G001", "三街1村第一网格", ""],
        ["210113001203Z001", "新村一组", ""],
        ["210113003201", "三街1村", "是"],
        ["210113001203", "新村", "否"],
        ["210113003000", "新城街道", ""],
    ]
    result = run(table_file(tmp_path / "units.xlsx", HEADERS, rows), admin)
    assert errors_of(result) == []
    assert result.written == 5
    grid = OrgUnit.objects.select_related("parent__parent").get(code="210113003201G001")
    assert grid.level == "grid"
    assert grid.parent.code == "210113003201"
    assert grid.parent.development_village is True
    assert grid.parent.parent.code == "210113003000"
    assert grid.path == "21/2101/210113/210113003/210113003201/210113003201G001/"
    village = OrgUnit.objects.get(code="210113001203")
    assert village.parent == district["street_a"]
    assert village.development_village is False
    event = AuditEvent.objects.get(action="import.org_units")
    assert event.changes["written"] == 5
    assert event.changes["levels"] == {"网格": 1, "村民小组": 1, "村/社区": 2, "街道/乡镇": 1}
    assert event.scope_path == district["county"].path


def test_parent_outside_scope_reads_exactly_like_a_missing_parent(tmp_path, district):
    street_admin = factories.user("street_admin", district["street_a"])
    rows = [
        ["210113002203", "B街3村", ""],  # parent 兴隆台街道 exists, but in another street
        ["210113001250", "A街新村", ""],  # fine
        ["210113009201", "不存在街道的村", ""],  # parent does not exist anywhere
    ]
    before = OrgUnit.objects.count()
    result = run(table_file(tmp_path / "units.csv", HEADERS, rows), street_admin)
    assert errors_of(result) == [
        (2, "代码", "上级单位“210113002000”不存在或不在您的管辖范围内"),
        (4, "代码", "上级单位“210113009000”不存在或不在您的管辖范围内"),
    ]
    assert result.written == 0
    assert OrgUnit.objects.count() == before


def test_parent_in_the_same_file_counts_only_inside_scope(tmp_path, district):
    street_admin = factories.user("street_admin", district["street_a"])
    rows = [
        ["210113001260Z001", "新村一组", ""],
        ["210113001260", "新村", ""],
        ["210113003000", "新街道", ""],
        ["210113003201", "新街道的村", ""],
    ]
    result = run(table_file(tmp_path / "units.xlsx", HEADERS, rows), street_admin)
    assert errors_of(result) == [
        (4, "代码", "上级单位“210113000000”不存在或不在您的管辖范围内"),
        (5, "代码", "上级单位“210113003000”不存在或不在您的管辖范围内"),
    ]
    assert not OrgUnit.objects.filter(code__startswith="210113001260").exists()


def test_duplicate_codes_in_the_file_and_in_the_database(tmp_path, district):
    admin = factories.user("district_admin", district["county"])
    rows = [
        ["210113001203", "新村", ""],
        ["210113001201", "A街1村", ""],
        ["210113001203", "新村（重复）", ""],
    ]
    result = run(table_file(tmp_path / "units.xlsx", HEADERS, rows), admin)
    assert errors_of(result) == [
        (3, "代码", "代码“210113001201”已存在"),
        (4, "代码", "代码“210113001203”与第2行重复"),
    ]
    assert not OrgUnit.objects.filter(code="210113001203").exists()


def test_bad_codes_flags_and_empty_names_are_reported_per_cell(tmp_path, district):
    admin = factories.user("district_admin", district["county"])
    rows = [
        ["21011300120", "短代码", ""],
        ["210113001201Z000", "零号小组", ""],
        ["210113004000", "", "是"],
        ["220000000000", "吉林省", ""],
        ["210113001204", "A街4村", "可能"],
    ]
    result = run(table_file(tmp_path / "units.xlsx", HEADERS, rows), admin)
    assert errors_of(result) == [
        (2, "代码", "代码“21011300120”应为12位数字，或村代码加Z/G和3位序号"),
        (3, "代码", "代码“210113001201Z000”的序号不能为000"),
        (4, "名称", "必填项为空"),
        (4, "具备发展条件村", "只有村/社区可以标记为具备发展条件村"),
        (5, "代码", "省级单位只能由系统管理员建立"),
        (6, "具备发展条件村", "“可能”不是可选值（可选：是、否）"),
    ]
    assert result.written == 0


def test_codes_are_read_as_text_from_numeric_excel_cells(tmp_path, district):
    admin = factories.user("district_admin", district["county"])
    result = run(table_file(tmp_path / "units.xlsx", HEADERS, [[210113001205, "数字格式的村", None]]), admin)
    assert errors_of(result) == []
    assert OrgUnit.objects.get(code="210113001205").name == "数字格式的村"


def test_actor_without_import_rights_in_the_scope_gets_404(tmp_path, district):
    from django.http import Http404

    street_admin = factories.user("street_admin", district["street_a"])
    path = table_file(tmp_path / "units.csv", HEADERS, [["210113002203", "B街3村", ""]])
    with pytest.raises(Http404):
        run(path, street_admin, scope_path=district["street_b"].path)
