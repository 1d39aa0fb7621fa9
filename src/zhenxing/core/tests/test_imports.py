"""The import framework on its own, with a small spec that writes holidays (a core table)."""

from datetime import date

import pytest
from openpyxl import load_workbook

from zhenxing.core import imports
from zhenxing.core.imports import CellError, ImportColumn, ImportSpec
from zhenxing.core.models import AuditEvent, Holiday
from zhenxing.testing.tables import table_file


class HolidaySpec(ImportSpec):
    kind = "test_holidays"
    title = "节假日"
    columns = (
        ImportColumn("date", "日期", parse=imports.parse_date),
        ImportColumn("name", "名称", max_length=10),
        ImportColumn(
            "workday", "调休上班", required=False, choices=imports.YES_NO, parse=imports.parse_yes_no
        ),
    )

    def check_file(self, rows, ctx, errors):
        seen = {}
        for row in rows:
            if row.has("date"):
                if row.values["date"] in seen:
                    errors.add(row.number, "日期", f"与第{seen[row.values['date']]}行重复")
                seen.setdefault(row.values["date"], row.number)

    def write(self, rows, ctx, *, actor):
        for row in rows:
            Holiday.objects.create(
                date=row.values["date"], name=row.values["name"], is_workday=bool(row.values["workday"])
            )
        return len(rows)


SPEC = HolidaySpec()
HEADERS = ["日期", "名称", "调休上班"]


class Actor:
    def __init__(self, user):
        self.user = user


@pytest.fixture
def actor(django_user_model):
    return Actor(django_user_model.objects.create_user("importer"))


def test_read_table_xlsx_keeps_row_numbers_and_turns_cells_into_text(tmp_path):
    path = table_file(
        tmp_path / "t.xlsx",
        HEADERS,
        [[date(2031, 1, 1), "元旦", None], [None, None, None], [210113001201, 12.5, "是"]],
    )
    headers, rows = imports.read_table(path)
    assert headers == HEADERS
    assert rows[0][:2] == ["2031-01-01", "元旦"]
    assert rows[1] == ["", "", ""]
    assert rows[2] == ["210113001201", "12.5", "是"]
    assert len(rows) == 3  # trailing blank rows are dropped


def test_trailing_blank_rows_do_not_count(tmp_path):
    path = table_file(tmp_path / "t.csv", HEADERS, [["2031-01-01", "元旦", ""]] + [["", "", ""]] * 50)
    assert len(imports.read_table(path)[1]) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_read_table_csv_in_utf8_and_gbk(tmp_path, encoding):
    path = table_file(tmp_path / "t.csv", HEADERS, [["2031-01-01", "元旦", "否"]], encoding=encoding)
    headers, rows = imports.read_table(path)
    assert headers == HEADERS
    assert rows == [["2031-01-01", "元旦", "否"]]


def test_read_table_rejects_other_formats_in_chinese(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("x")
    with pytest.raises(CellError, match="只支持"):
        imports.read_table(path)


def test_header_marks_of_required_columns_are_ignored(tmp_path):
    path = table_file(tmp_path / "t.csv", ["日期*", "名称（必填）", "调休上班"], [["2031-01-01", "元旦", ""]])
    rows, errors = imports.validate(SPEC, *imports.read_table(path), {})
    assert not errors
    assert rows[0].values["name"] == "元旦"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2031-01-02", date(2031, 1, 2)),
        ("2031/1/2", date(2031, 1, 2)),
        ("2031年1月2日", date(2031, 1, 2)),
        ("20310102", date(2031, 1, 2)),
        ("45658", date(2025, 1, 1)),
    ],
)
def test_parse_date_accepts_common_spellings_and_excel_serials(text, expected):
    assert imports.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2031-02-30", "明年", "2031-13-01"])
def test_parse_date_rejects_invalid_dates_in_chinese(text):
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        imports.parse_date(text)


def test_validate_reports_every_error_by_row_and_column_sorted():
    table = [
        ["2031-01-01", "元旦", "也许"],
        ["", "", ""],  # blank rows are skipped but keep their row numbers
        ["2031-13-01", "", ""],
        ["2031-01-01", "一个非常非常长的节日名称", "否"],
    ]
    _, errors = imports.validate(SPEC, HEADERS, table, {})
    assert [(e["row"], e["column"]) for e in errors.items] == [
        (2, "调休上班"),
        (4, "日期"),
        (4, "名称"),
        (5, "日期"),
        (5, "名称"),
    ]
    messages = {(e["row"], e["column"]): e["message"] for e in errors.items}
    assert messages[(2, "调休上班")] == "“也许”不是可选值（可选：是、否）"
    assert messages[(4, "名称")] == "必填项为空"
    assert messages[(5, "日期")] == "与第2行重复"
    assert "最多10个字" in messages[(5, "名称")]


def test_validate_names_missing_required_headers():
    _, errors = imports.validate(SPEC, ["名称"], [["元旦"]], {})
    assert errors.items == [{"row": 1, "column": "日期", "message": "表头缺少必填列（请使用系统提供的模板）"}]


def test_validate_reports_progress():
    seen = []
    imports.validate(SPEC, HEADERS, [["2031-01-01", "元旦", ""]] * 1200, {}, on_progress=seen.append)
    assert seen == [500, 1000, 1200]


@pytest.mark.django_db
def test_run_writes_a_clean_file_in_one_go_and_audits_once(tmp_path, actor):
    path = table_file(
        tmp_path / "t.xlsx", HEADERS, [[date(2031, 1, 1), "元旦", "否"], ["2031-02-08", "调休", "是"]]
    )
    phases = []
    result = imports.run(
        SPEC, path, actor=actor, scope_path="21/", on_phase=lambda p, t: phases.append((p, t))
    )
    assert not result.errors
    assert result.written == 2
    assert phases == [("validating", 2), ("writing", 2)]
    assert set(Holiday.objects.values_list("name", "is_workday")) == {("元旦", False), ("调休", True)}
    event = AuditEvent.objects.get(action="import.test_holidays")
    assert event.changes["written"] == 2
    assert event.scope_path == "21/"
    assert event.actor == actor.user


@pytest.mark.django_db
def test_run_writes_nothing_when_any_row_is_bad(tmp_path, actor):
    rows = [[f"2031-01-{d:02d}", "假日", "否"] for d in range(1, 29)] + [["2031-02-30", "假日", "否"]]
    result = imports.run(SPEC, table_file(tmp_path / "t.csv", HEADERS, rows), actor=actor, scope_path="21/")
    assert result.written == 0
    assert [(e["row"], e["column"]) for e in result.errors.items] == [(30, "日期")]
    assert Holiday.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import.test_holidays").exists()


@pytest.mark.django_db
def test_run_rolls_back_everything_when_the_write_fails(tmp_path, actor, monkeypatch):
    calls = []
    real_create = Holiday.objects.create

    def create_then_fail(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(Holiday.objects, "create", create_then_fail)
    rows = [[f"2031-01-{d:02d}", "假日", "否"] for d in range(1, 6)]
    with pytest.raises(RuntimeError):
        imports.run(SPEC, table_file(tmp_path / "t.csv", HEADERS, rows), actor=actor, scope_path="21/")
    assert len(calls) == 3
    assert Holiday.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import.test_holidays").exists()


@pytest.mark.django_db
def test_run_reports_unreadable_and_empty_files(tmp_path, actor):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert imports.run(SPEC, broken, actor=actor, scope_path="").errors.items[0]["column"] == "文件"
    empty = table_file(tmp_path / "empty.csv", HEADERS, [])
    assert (
        imports.run(SPEC, empty, actor=actor, scope_path="").errors.items[0]["message"] == "文件中没有数据行"
    )


@pytest.mark.django_db
def test_run_refuses_files_above_the_row_limit(tmp_path, actor, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [[f"2031-01-{d:02d}", "假日", ""] for d in range(1, 5)]
    result = imports.run(SPEC, table_file(tmp_path / "t.csv", HEADERS, rows), actor=actor, scope_path="")
    assert "超过单次导入上限3行" in result.errors.items[0]["message"]


def test_template_has_drop_downs_on_a_hidden_sheet_and_instructions(tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(imports.template_bytes(SPEC, {}))
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 1  # no example row that could be imported by accident
    rules = sheet.data_validations.dataValidation
    assert len(rules) == 1
    assert rules[0].formula1 == "'可选值'!$C$1:$C$2"
    assert str(rules[0].sqref) == "C2:C100000"
    assert book["可选值"].sheet_state == "hidden"
    assert [book["可选值"].cell(row=r, column=3).value for r in (1, 2)] == ["是", "否"]
    assert book["填写说明"]["A2"].value == "日期"
