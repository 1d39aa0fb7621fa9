"""Imports of households and persons: every error kind by row and column, nothing written on any
error, a clean file written in full, scope, templates that round-trip, and the CLI."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from zhenxing import cli
from zhenxing.core import imports, personal
from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access
from zhenxing.people.models import Household, Person
from zhenxing.testing import factories
from zhenxing.testing.tables import id_number, table_file

pytestmark = pytest.mark.django_db

H_HEADERS = ["户编号", "村/社区代码", "村民小组代码", "网格代码", "住址", "集体经济组织成员户"]
P_HEADERS = [
    "户编号",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "民族",
    "文化程度",
    "政治面貌",
    "与户主关系",
    "联系电话",
]


def run(kind, path, user, scope_path=None):
    actor = access.actor_for(user)
    return imports.run(
        imports.specs[kind], path, actor=actor, scope_path=scope_path or actor.paths(access.IMPORT)[0]
    )


def errors_of(result):
    return [(e["row"], e["column"], e["message"]) for e in result.errors.items]


def person_row(household, name, number, gender="男", relation="户主", **over):
    birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    row = {
        "户编号": household,
        "姓名": name,
        "身份证号": number,
        "性别": gender,
        "出生日期": birth.isoformat(),
        "民族": "汉族",
        "文化程度": "初中",
        "政治面貌": "群众",
        "与户主关系": relation,
        "联系电话": "13912345678",
    }
    row.update(over)
    return [row[h] for h in P_HEADERS]


@pytest.fixture
def street_admin(district):
    return factories.user("street_admin", district["street_a"])


@pytest.fixture
def homes(district):
    return {
        "a1": factories.household(district["village_a1"], district["grid_a1"]),
        "a2": factories.household(district["village_a2"]),
        "b1": factories.household(district["village_b1"]),
        "headed": factories.household(district["village_a2"]),
    }


# --- households --------------------------------------------------------------------------------


def test_clean_household_file_is_written_with_group_grid_and_path(tmp_path, district, street_admin):
    rows = [
        ["H0001", "210113001201 A街1村", "210113001201Z001", "210113001201G001", "一组1号", "是"],
        ["H0002", 210113001202, None, None, "二号", "否"],
    ]
    result = run("households", table_file(tmp_path / "h.xlsx", H_HEADERS, rows), street_admin)
    assert errors_of(result) == []
    assert result.written == 2
    h1 = Household.objects.get(number="H0001")
    assert (h1.village, h1.group, h1.grid) == (
        district["village_a1"],
        district["group_a1"],
        district["grid_a1"],
    )
    assert h1.path == district["grid_a1"].path
    assert h1.collective_member is True
    h2 = Household.objects.get(number="H0002")
    assert (h2.village, h2.group, h2.grid, h2.path) == (
        district["village_a2"],
        None,
        None,
        district["village_a2"].path,
    )
    assert h2.collective_member is False
    assert AuditEvent.objects.get(action="import.households").changes["written"] == 2


def test_household_reference_errors_are_reported_on_their_cells(tmp_path, district, street_admin, homes):
    rows = [
        ["H1", "210113001299", "", "", "地址", "是"],  # no such village
        ["H2", "210113002201", "", "", "地址", "是"],  # a village of another street
        ["H3", "210113001201", "210113001202Z001", "", "地址", "是"],  # group of another village
        ["H4", "210113001201", "210113001201G001", "210113001201Z001", "地址", "是"],  # swapped columns
        ["H5", "210113001000", "", "", "地址", "是"],  # the street itself
        ["H6", "210113001201", "", "210113002201G001", "地址", "是"],  # grid of another street
    ]
    before = Household.objects.count()
    result = run("households", table_file(tmp_path / "h.csv", H_HEADERS, rows), street_admin)
    assert errors_of(result) == [
        (2, "村/社区代码", "村/社区“210113001299”不存在或不在您的管辖范围内"),
        (3, "村/社区代码", "村/社区“210113002201”不存在或不在您的管辖范围内"),
        (4, "村民小组代码", "村民小组“210113001202Z001”不属于A街1村"),
        (5, "村民小组代码", "“210113001201G001”不是村民小组代码"),
        (5, "网格代码", "“210113001201Z001”不是网格代码"),
        (6, "村/社区代码", "“210113001000”不是村/社区代码"),
        (7, "网格代码", "网格“210113002201G001”不存在或不在您的管辖范围内"),
    ]
    assert Household.objects.count() == before


def test_household_duplicates_and_empty_cells(tmp_path, district, street_admin, homes):
    rows = [
        ["H1", "210113001201", "", "", "地址", "是"],
        [homes["a2"].number, "210113001201", "", "", "地址", "是"],
        ["H1", "210113001202", "", "", "", "也许"],
    ]
    result = run("households", table_file(tmp_path / "h.xlsx", H_HEADERS, rows), street_admin)
    assert errors_of(result) == [
        (3, "户编号", f"户编号“{homes['a2'].number}”已存在"),
        (4, "户编号", "户编号“H1”与第2行重复"),
        (4, "住址", "必填项为空"),
        (4, "集体经济组织成员户", "“也许”不是可选值（可选：是、否）"),
    ]
    assert not Household.objects.filter(number="H1").exists()


# --- persons: each error kind ------------------------------------------------------------------

MAN, WOMAN = id_number(1), id_number(2, birth=date(1982, 7, 9), gender="F")


def _set(column, value):
    def mutate(row, ctx):
        row[P_HEADERS.index(column)] = value(ctx) if callable(value) else value

    return mutate


def _identity(number):
    """Replace the ID number together with a matching gender and birth date."""

    def mutate(row, ctx):
        value = number(ctx) if callable(number) else number
        row[P_HEADERS.index("身份证号")] = value
        row[P_HEADERS.index("性别")] = "男" if int(value[16]) % 2 else "女"
        row[P_HEADERS.index("出生日期")] = f"{value[6:10]}-{value[10:12]}-{value[12:14]}"

    return mutate


def _both(first, second):
    def mutate(row, ctx):
        first(row, ctx)
        second(row, ctx)

    return mutate


ERROR_CASES = {
    "check digit": (
        _set("身份证号", MAN[:17] + ("0" if MAN[17] != "0" else "1")),
        "身份证号",
        "身份证号校验位错误",
    ),
    "id length": (_set("身份证号", WOMAN[:16]), "身份证号", "身份证号应为18位，实际为16位"),
    "gender": (_set("性别", "男"), "性别", "性别与身份证号第17位不符"),
    "birth date": (
        _set("出生日期", "1982-07-10"),
        "出生日期",
        "出生日期与身份证号不符（身份证号中为1982-07-09）",
    ),
    "future date": (_set("出生日期", "2999-01-01"), "出生日期", "出生日期“2999-01-01”晚于今天"),
    "bad date": (
        _set("出生日期", "1982-02-30"),
        "出生日期",
        "日期“1982-02-30”无效，应为 YYYY-MM-DD 格式，如 1980-05-01",
    ),
    "no household": (_set("户编号", ""), "户编号", "人员必须属于一个户：户编号为空"),
    "unknown household": (
        _set("户编号", "NOPE"),
        "户编号",
        "户编号“NOPE”不存在或不在您的管辖范围内（请先导入户）",
    ),
    "household out of scope": (
        _set("户编号", lambda c: c["b1"].number),
        "户编号",
        lambda c: f"户编号“{c['b1'].number}”不存在或不在您的管辖范围内（请先导入户）",
    ),
    "id repeated in file": (_identity(MAN), "身份证号", "身份证号与第2行重复"),
    "id already registered": (_identity(lambda c: c["registered"]), "身份证号", "该身份证号已登记"),
    "second head in file": (
        _set("与户主关系", "户主"),
        "与户主关系",
        lambda c: f"户“{c['a1'].number}”已有户主（第2行）",
    ),
    "head already in db": (
        _both(_set("户编号", lambda c: c["headed"].number), _set("与户主关系", "户主")),
        "与户主关系",
        lambda c: f"户“{c['headed'].number}”已有户主",
    ),
    "political label": (
        _set("政治面貌", "党员"),
        "政治面貌",
        "“党员”不是可选值（可选：中共党员、中共预备党员、共青团员、民主党派、群众）",
    ),
    "relation label": (
        _set("与户主关系", "妻子"),
        "与户主关系",
        "“妻子”不是可选值（可选：户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、儿媳/女婿、其他）",
    ),
    "ethnicity label": (
        _set("民族", "满"),
        "民族",
        "“满”不是可选值（可选：汉族、满族、蒙古族、回族、朝鲜族、锡伯族、壮族、其他）",
    ),
    "gender label": (_set("性别", "F"), "性别", "“F”不是可选值（可选：男、女）"),
    "phone": (_set("联系电话", "8765432"), "联系电话", "联系电话应为11位手机号码"),
    "name": (_set("姓名", ""), "姓名", "必填项为空"),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_person_error_is_reported_by_row_column_and_message(case, tmp_path, district, street_admin, homes):
    mutate, column, message = ERROR_CASES[case]
    registered = factories.person(homes["headed"])  # also gives that household a head
    ctx = {**homes, "registered": personal.decrypt(registered.id_number_enc)}
    rows = [
        person_row(homes["a1"].number, "张三", MAN),
        person_row(homes["a1"].number, "李四", WOMAN, "女", "配偶"),
    ]
    mutate(rows[1], ctx)
    before = Person.objects.count()
    result = run("persons", table_file(tmp_path / "p.xlsx", P_HEADERS, rows), street_admin)
    expected = message(ctx) if callable(message) else message
    assert errors_of(result) == [(3, column, expected)]
    assert result.written == 0
    assert Person.objects.count() == before
    assert Household.objects.get(pk=homes["a1"].pk).head_id is None


def test_several_bad_rows_are_all_reported_at_once(tmp_path, district, street_admin, homes):
    rows = [
        person_row(homes["a1"].number, "张三", MAN[:17] + "0" if MAN[17] != "0" else MAN[:17] + "1"),
        person_row(homes["a1"].number, "李四", WOMAN, "女", "配偶"),
        person_row("", "王五", id_number(3)),
        person_row(homes["a2"].number, "赵六", id_number(4), 出生日期="2999-12-31"),
        person_row("NOPE", "钱七", id_number(5)),
    ]
    result = run("persons", table_file(tmp_path / "p.csv", P_HEADERS, rows), street_admin)
    assert [(r, c) for r, c, _ in errors_of(result)] == [
        (2, "身份证号"),
        (4, "户编号"),
        (5, "出生日期"),
        (6, "户编号"),
    ]
    assert Person.objects.count() == 0


def test_a_bad_last_row_of_a_thousand_rejects_the_whole_file(tmp_path, district, street_admin, homes):
    rows = [person_row(homes["a1"].number, "户主", id_number(0))]
    for n in range(1, 999):
        number = id_number(n % 500, birth=date(1990 + n // 500, 1, 1))
        rows.append(person_row(homes["a1"].number, f"成员{n}", number, relation="子女"))
    rows.append(person_row(homes["a1"].number, "最后一人", id_number(7)[:17] + "Y", relation="子女"))
    assert len(rows) == 1000
    result = run("persons", table_file(tmp_path / "p.xlsx", P_HEADERS, rows), street_admin)
    assert errors_of(result) == [(1001, "身份证号", "身份证号前17位应为数字，末位为数字或X")]
    assert Person.objects.count() == 0
    assert Household.objects.get(pk=homes["a1"].pk).head_id is None


def test_households_then_persons_are_written_in_full(tmp_path, district, street_admin):
    households = [
        ["H0001", "210113001201", "210113001201Z001", "210113001201G001", "一组1号", "是"],
        ["H0002", "210113001202", "", "", "二号", "否"],
    ]
    assert (
        run("households", table_file(tmp_path / "h.xlsx", H_HEADERS, households), street_admin).written == 2
    )
    rows = [
        person_row("H0001", "张三", MAN, 文化程度="高中/中专", 政治面貌="中共党员"),
        person_row("H0001", "李四", WOMAN, "女", "配偶", 联系电话=""),
        person_row("H0002", "王五", id_number(3), 民族="满族", 文化程度="本科"),
    ]
    # GBK, as Excel on a Chinese Windows saves CSV.
    result = run("persons", table_file(tmp_path / "p.csv", P_HEADERS, rows, encoding="gbk"), street_admin)
    assert errors_of(result) == []
    assert result.written == 3
    h1 = Household.objects.select_related("head").get(number="H0001")
    assert h1.head.name == "张三"
    assert Household.objects.get(number="H0002").head.name == "王五"
    zhang = Person.objects.get(name="张三")
    assert (zhang.household, zhang.relation, zhang.org_unit, zhang.village) == (
        h1,
        "head",
        district["grid_a1"],
        district["village_a1"],
    )
    assert zhang.path == district["grid_a1"].path
    assert (zhang.gender, zhang.birth_date) == ("M", date(1980, 3, 15))
    assert (zhang.education, zhang.political_status, zhang.ethnicity) == ("senior", "cpc", "汉族")
    assert zhang.collective_member is True
    assert personal.decrypt(zhang.id_number_enc) == MAN
    assert zhang.id_number_hash == personal.lookup_hash(MAN)
    assert zhang.id_number_masked == MAN[:4] + "*" * 10 + MAN[-4:]
    assert (personal.decrypt(zhang.phone_enc), zhang.phone_masked) == ("13912345678", "139****5678")
    li = Person.objects.get(name="李四")
    assert (li.relation, li.gender, li.phone_enc) == ("spouse", "F", "")
    wang = Person.objects.get(name="王五")
    assert (wang.path, wang.org_unit, wang.collective_member) == (
        district["village_a2"].path,
        district["village_a2"],
        False,
    )
    event = AuditEvent.objects.get(action="import.persons")
    assert event.changes["written"] == 3
    assert event.changes["heads"] == 2
    assert MAN not in str(event.changes)


def test_birth_dates_may_be_real_excel_date_cells(tmp_path, district, street_admin, homes):
    row = person_row(homes["a1"].number, "张三", MAN)
    row[P_HEADERS.index("出生日期")] = date(1980, 3, 15)
    result = run("persons", table_file(tmp_path / "p.xlsx", P_HEADERS, [row]), street_admin)
    assert errors_of(result) == []
    assert Person.objects.get(name="张三").birth_date == date(1980, 3, 15)


def test_a_failure_half_way_through_the_write_leaves_nothing(
    tmp_path, district, street_admin, homes, monkeypatch
):
    rows = [person_row(homes["a1"].number, "户主", id_number(0))]
    rows += [
        person_row(
            homes["a1"].number,
            f"成员{n}",
            id_number(n % 500, birth=date(1990 + n // 500, 1, 1)),
            relation="子女",
        )
        for n in range(1, 600)
    ]
    real_bulk_create = Person.objects.bulk_create
    calls = []

    def fail_on_second_batch(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("数据库连接中断")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(Person.objects, "bulk_create", fail_on_second_batch)
    events_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        run("persons", table_file(tmp_path / "p.xlsx", P_HEADERS, rows), street_admin)
    assert calls == [500, 100]  # the first batch had really been inserted before the failure
    assert Person.objects.count() == 0
    assert Household.objects.get(pk=homes["a1"].pk).head_id is None
    assert AuditEvent.objects.count() == events_before


# --- templates ----------------------------------------------------------------------------------


def _template(kind, user):
    actor = access.actor_for(user)
    spec = imports.specs[kind]
    return load_workbook(
        BytesIO(
            imports.template_bytes(spec, spec.prepare(actor=actor, scope_path=actor.paths(access.IMPORT)[0]))
        )
    )


def _drop_downs(book):
    """Header -> values of the drop-down list on that column."""
    sheet, lists = book.worksheets[0], book["可选值"]
    headers = {c.column_letter: c.value for c in sheet[1]}
    found = {}
    for rule in sheet.data_validations.dataValidation:
        letter = str(rule.sqref)[0]
        column = lists[letter]
        found[headers[letter]] = [c.value for c in column if c.value is not None]
    return found


def test_household_template_offers_only_the_villages_in_scope(district, street_admin):
    lists = _drop_downs(_template("households", street_admin))
    assert lists["村/社区代码"] == ["210113001201 A街1村", "210113001202 A街2村"]
    assert lists["村民小组代码"] == ["210113001201Z001 A街1村一组", "210113001202Z001 A街2村一组"]
    assert lists["集体经济组织成员户"] == ["是", "否"]


def test_person_template_has_drop_downs_for_every_code_list(district, street_admin):
    lists = _drop_downs(_template("persons", street_admin))
    assert lists["性别"] == ["男", "女"]
    assert lists["与户主关系"][0] == "户主"
    assert "中共党员" in lists["政治面貌"]
    assert "满族" in lists["民族"]
    assert "高中/中专" in lists["文化程度"]


def test_templates_filled_in_and_uploaded_round_trip(tmp_path, district, street_admin):
    book = _template("households", street_admin)
    village = _drop_downs(book)["村/社区代码"][1]
    book.worksheets[0].append(["H0100", village, None, None, "三号", "是"])
    book.save(tmp_path / "h.xlsx")
    assert errors_of(run("households", tmp_path / "h.xlsx", street_admin)) == []
    book = _template("persons", street_admin)
    book.worksheets[0].append(
        ["H0100", "孙八", MAN, "男", date(1980, 3, 15), "汉族", "小学", "群众", "户主", None]
    )
    book.save(tmp_path / "p.xlsx")
    result = run("persons", tmp_path / "p.xlsx", street_admin)
    assert errors_of(result) == []
    assert Household.objects.get(number="H0100").head.name == "孙八"


# --- the CLI -------------------------------------------------------------------------------------


def test_cli_rejects_a_bad_file_printing_every_error(tmp_path, district, street_admin, capsys):
    rows = [["H1", "210113002201", "", "", "地址", "是"], ["H2", "210113001201", "", "", "", "是"]]
    path = table_file(tmp_path / "h.csv", H_HEADERS, rows)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["import", "households", str(path), "--user", street_admin.username])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "发现 2 处错误，未写入任何数据" in err
    assert "第2行 [村/社区代码] 村/社区“210113002201”不存在或不在您的管辖范围内" in err
    assert "第3行 [住址] 必填项为空" in err
    assert Household.objects.count() == 0


def test_cli_imports_a_large_clean_file_with_a_progress_bar(tmp_path, district, capsys):
    admin = factories.user("district_admin", district["county"])
    rows = [[f"H{n:05d}", "210113002201", "", "", f"{n}号", "是"] for n in range(1200)]
    path = table_file(tmp_path / "h.xlsx", H_HEADERS, rows)
    cli.main(["import", "households", str(path), "--user", admin.username, "--unit", "210113002000"])
    out, err = capsys.readouterr()
    assert "已导入 1200 条户记录" in out
    assert "校验" in err and "1200/1200" in err
    assert Household.objects.filter(village=district["village_b1"]).count() == 1200
    assert AuditEvent.objects.get(action="import.households").scope_path == district["street_b"].path


def test_cli_refuses_a_unit_outside_the_users_scope(tmp_path, district, street_admin, capsys):
    path = table_file(tmp_path / "h.csv", H_HEADERS, [["H1", "210113002201", "", "", "地址", "是"]])
    with pytest.raises(SystemExit) as exit_info:
        cli.main(
            ["import", "households", str(path), "--user", street_admin.username, "--unit", "210113002000"]
        )
    assert "不在用户" in str(exit_info.value.code)
    assert Household.objects.count() == 0
