"""Import framework: read a whole file, validate every row, report every error by row and column,
and write only a clean file, in one transaction.

A concrete import is an `ImportSpec`: its columns (with parsers and drop-down choices), a per-row
check, a whole-file check and a writer. Specs live in the apps that own the records and register
themselves here (`register`) from their AppConfig.ready.

Row numbers are the spreadsheet's: the header is row 1, so the first data row is row 2, and blank
rows keep their numbers (users look the row up in Excel).
"""

import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhenxing.core import audit, excel, importfiles, indicators
from zhenxing.core.importfiles import (  # noqa: F401  (cell_text is part of this API)
    FileProblem,
    cell_text,
    check_size,
    max_rows,
)

log = logging.getLogger(__name__)
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TEMPLATE_ROWS = 100_000  # rows of the template that carry the drop-downs


class CellError(FileProblem):
    """Raised by a column parser; the message is shown with the row and column. Raised by `read`, it
    is a problem of the whole file."""


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    required: bool = True
    parse: Callable[[str], object] = str
    choices: tuple[str, ...] | None = None  # also becomes the template's drop-down
    note: str = ""
    example: str = ""
    max_length: int | None = None
    required_message: str = "必填项为空"
    number_format: str = "@"  # text by default, so Excel keeps codes and ID numbers as typed


@dataclass
class ImportErrors:
    """Errors (the file is refused) and warnings (implausible values: the file is written only once
    the importer has confirmed them), each by row and column."""

    items: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append({"row": row, "column": column, "message": message})

    def warn(self, row: int, column: str, message: str) -> None:
        self.warnings.append({"row": row, "column": column, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class ParsedRow:
    number: int  # spreadsheet row number, header is row 1
    values: dict  # column key -> parsed value; a cell that failed to parse has no key
    ok: bool = True  # every cell parsed

    def has(self, *keys: str) -> bool:
        """Whether these cells parsed and are not empty, so a check that needs them can run."""
        return all(self.values.get(k) is not None for k in keys)


class ImportSpec:
    kind = ""
    title = ""
    columns: tuple[ImportColumn, ...] = ()
    suffixes: tuple[str, ...] = SUFFIXES  # file types `read` accepts
    first_row = 2  # number of the first data row in error reports (a spreadsheet's header is row 1)
    has_template = True  # an Excel template makes sense (not for GIS files)

    def read(self, path: Path | str) -> "tuple[list[str], list[list]] | Table":
        """Headers and rows of the file. Cells are text; a spec that reads another format (GIS files)
        overrides this and may put other objects (geometries) in the cells of its own parsers.
        Raise CellError for a problem that stops the file being read; return a `Table` with
        `problems` for one that does not stop its rows being checked (reported with them)."""
        return read_table(path)

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)

    def prepare(self, *, actor, scope_path: str) -> dict:
        """Check the actor may import here and load small lookups once (so row checks do no queries)."""
        return {}

    def check_row(self, row: ParsedRow, ctx: dict, errors: ImportErrors) -> None:
        """Checks of one row (also rows with bad cells: use row.has() before relying on a value)."""

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        """Checks across rows and against the database (duplicates, references), in bulk queries."""

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        """Write all rows (called inside one transaction) and return how many records were written."""
        raise NotImplementedError

    def audit_changes(self, rows: list[ParsedRow], ctx: dict) -> dict:
        """Extra figures for the import's audit event."""
        return {}

    def template_lists(self, ctx: dict) -> dict[str, list[str]]:
        """Extra drop-down lists computed from data (column key -> suggested values)."""
        return {}


def read_table(path: Path | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows as strings (`importfiles.read_table`); a problem of the file is a CellError."""
    try:
        return importfiles.read_table(path)
    except CellError:
        raise
    except FileProblem as exc:
        raise CellError(str(exc)) from None


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    problems: list[str] = field(default_factory=list)  # of the whole file, reported with the rows


# --- common cell parsers -----------------------------------------------------------------------

YES_NO = ("是", "否")


def parse_yes_no(text: str) -> bool:
    return text == "是"


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date:
    """YYYY-MM-DD (also / . 年月日, or 8 digits), or an Excel date serial from an unformatted cell."""
    text = text.strip()
    m = _DATE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if re.fullmatch(r"\d{1,5}(\.0+)?", text) and 0 < float(text) < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    except ValueError:
        pass
    raise CellError(f"日期“{text}”无效，应为 YYYY-MM-DD 格式，如 1980-05-01")


# --- validation --------------------------------------------------------------------------------

def validate(
    spec: ImportSpec, headers: list[str], table: Iterable[list[str]], ctx: dict,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[list[ParsedRow], ImportErrors]:
    """Parse and check every row; errors come back sorted by row, then by column order."""
    errors = ImportErrors()
    index = {}
    for i, h in enumerate(headers):
        index.setdefault(h, i)
    missing = [c.header for c in spec.columns if c.required and c.header not in index]
    if missing:
        errors.add(1, "、".join(missing), "表头缺少必填列（请使用系统提供的模板）")
        return [], errors
    rows: list[ParsedRow] = []
    done = 0
    for n, raw in enumerate(table, start=spec.first_row):
        done += 1
        if on_progress and done % 500 == 0:
            on_progress(done)
        if not any(_filled(v) for v in raw):
            continue
        row = ParsedRow(n, {})
        for col in spec.columns:
            i = index.get(col.header)
            cell = raw[i] if i is not None and i < len(raw) else ""
            message = _parse_cell(col, cell.strip() if isinstance(cell, str) else cell, row.values)
            if message:
                errors.add(n, col.header, message)
                row.ok = False
        spec.check_row(row, ctx, errors)
        rows.append(row)
    if on_progress:
        on_progress(done)
    spec.check_file(rows, ctx, errors)
    order = {c.header: i for i, c in enumerate(spec.columns)}
    for found in (errors.items, errors.warnings):
        found.sort(key=lambda e: (e["row"], order.get(e["column"], len(order))))
    return rows, errors


def _filled(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and cell == "")


def _parse_cell(col: ImportColumn, text, values: dict) -> str:
    """Store the parsed value in `values`; return an error message, or "" if the cell is fine."""
    if not _filled(text):
        values[col.key] = None
        return col.required_message if col.required else ""
    if col.max_length and isinstance(text, str) and len(text) > col.max_length:
        return f"内容过长（最多{col.max_length}个字，实际{len(text)}个字）"
    if col.choices and text not in col.choices:
        shown = "、".join(col.choices[:12]) + ("等" if len(col.choices) > 12 else "")
        return f"“{text}”不是可选值（可选：{shown}）"
    try:
        values[col.key] = col.parse(text)
    except (CellError, ValueError) as exc:
        return str(exc)
    except Exception:  # a library's own error (GEOS, pyproj …): its text is not for the user
        log.exception("import column %s: parser failed", col.key)
        return "内容无法识别，请检查该单元格"
    return ""


# --- running -----------------------------------------------------------------------------------

@dataclass
class ImportResult:
    written: int
    errors: ImportErrors
    total: int
    needs_confirmation: bool = False  # clean, but with warnings the importer has not confirmed

    @property
    def warnings(self) -> list[dict]:
        return self.errors.warnings


def _file_error(message: str, total: int = 0) -> ImportResult:
    errors = ImportErrors()
    errors.add(1, "文件", message)
    return ImportResult(0, errors, total)


def run(
    spec: ImportSpec, path: Path | str, *, actor, scope_path: str,
    on_progress: Callable[[int, int], None] | None = None,
    on_phase: Callable[[str, int], None] | None = None,
    file_name: str = "",
    confirm_warnings: bool = False,
) -> ImportResult:
    """Validate everything; write nothing unless every row is clean; write all in one transaction.

    A clean file with warnings is written only with `confirm_warnings` (the importer has looked at
    them); without it the result `needs_confirmation` and nothing is written.
    `on_progress(done, total)` follows validation; `on_phase(phase, total)` announces "validating"
    and then "writing" (the write is one transaction, so it has no partial progress to show).
    No exception escapes reading or checking (a library's text would reach the user); exceptions
    raised while writing propagate after the transaction has rolled back.
    """
    try:
        check_size(path)
        read = spec.read(path)
    except FileProblem as exc:
        return _file_error(str(exc))
    except Exception:
        log.exception("import %s: reading %s failed", spec.kind, file_name or Path(path).name)
        return _file_error("无法读取文件：文件已损坏或格式与扩展名不符，请检查后重新上传")
    headers, table = (read.headers, read.rows) if isinstance(read, Table) else read
    problems = read.problems if isinstance(read, Table) else []
    total = len(table)
    if total > max_rows():
        return _file_error(f"文件有{total}行，超过单次导入上限{max_rows()}行，请拆分后分批导入", total)
    if on_phase:
        on_phase("validating", total)
    ctx = spec.prepare(actor=actor, scope_path=scope_path)
    progress = (lambda n: on_progress(n, total)) if on_progress else None
    try:
        rows, errors = validate(spec, headers, table, ctx, on_progress=progress)
    except Exception:
        log.exception("import %s: checking %s failed", spec.kind, file_name or Path(path).name)
        return _file_error("校验文件时出现意外错误，未写入任何数据；请检查文件内容，或联系管理员", total)
    for problem in reversed(problems):
        errors.items.insert(0, {"row": 1, "column": "文件", "message": problem})
    if errors:
        return ImportResult(0, errors, total)
    if not rows:
        errors.add(2, "文件", "文件中没有数据行")
        return ImportResult(0, errors, total)
    if errors.warnings and not confirm_warnings:
        return ImportResult(0, errors, total, needs_confirmation=True)
    if on_phase:
        on_phase("writing", total)
    with transaction.atomic():
        written = spec.write(rows, ctx, actor=actor)
        # One audit event per import rather than one per record: a bulk write of 100,000 rows
        # would otherwise serialise 100,000 appends on the audit chain's head row.
        confirmed = {"warnings_confirmed": len(errors.warnings)} if errors.warnings else {}
        audit.record(
            actor=getattr(actor, "user", actor), action=f"import.{spec.kind}", object_type="import",
            object_id=spec.kind, object_repr=f"{spec.title}导入 {file_name or Path(path).name}"[:200],
            scope_path=scope_path,
            changes={"rows": len(rows), "written": written, "file": file_name or Path(path).name,
                     **confirmed, **spec.audit_changes(rows, ctx)},
        )
        indicators.touched(scope_path)  # the figures counted ahead of time under it are now stale
    return ImportResult(written, errors, total)


# --- templates ---------------------------------------------------------------------------------

def template_workbook(spec: ImportSpec, ctx: dict) -> Workbook:
    """An .xlsx template: the header row, drop-downs from choices and data lists on a hidden sheet,
    and a sheet of instructions with an example per column (not in the data sheet, so that an
    example never gets imported by accident)."""
    book = Workbook()
    sheet = book.active
    sheet.title = spec.title[:31] or "导入"
    lists = book.create_sheet("可选值")
    lists.sheet_state = "hidden"
    extra = spec.template_lists(ctx)
    header_fill = PatternFill("solid", fgColor="FCE4D6")
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        cell = sheet.cell(row=1, column=i, value=col.header)
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = header_fill
        sheet.column_dimensions[letter].width = max(12, len(col.header) * 2 + 4)
        sheet.column_dimensions[letter].number_format = col.number_format
        fixed = bool(col.choices)
        choices = list(col.choices or extra.get(col.key) or [])
        if not choices:
            continue
        for r, value in enumerate(choices, start=1):
            excel.inert(lists.cell(row=r, column=i, value=value))
        rule = DataValidation(
            type="list", formula1=f"'可选值'!${letter}$1:${letter}${len(choices)}",
            allow_blank=not col.required,
            # Fixed code lists are enforced; data lists (village codes …) only suggest, since a
            # bare code is as good as "code name" and the import checks it against the database.
            showErrorMessage=fixed,
        )
        rule.error = f"请从下拉列表中选择{col.header}"
        rule.errorTitle = "无效的值"
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    notes = book.create_sheet("填写说明")
    notes.append(["列", "必填", "说明", "示例"])
    for col in spec.columns:
        notes.append([col.header, "是" if col.required else "否", col.note, col.example])
        for cell in notes[notes.max_row]:
            excel.inert(cell)
    notes.append([])
    notes.append(["请在第一张工作表的第2行起填写数据，不要修改表头。有任何一行出错时，整个文件都不会导入。"])
    sheet.freeze_panes = "A2"
    return book


def template_bytes(spec: ImportSpec, ctx: dict) -> bytes:
    buffer = io.BytesIO()
    template_workbook(spec, ctx).save(buffer)
    return buffer.getvalue()


# Specs by kind, registered by the apps that own the records (in their AppConfig.ready).
specs: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> None:
    specs[spec.kind] = spec
