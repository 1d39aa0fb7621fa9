"""Import framework: read a whole file, validate every row, report every error by row and column,
and write only a clean file, in one transaction.

A concrete import is an `ImportSpec`: its columns (with parsers and drop-down choices), a per-row
check, a whole-file check and a writer. Specs live in the apps that own the records.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation


class CellError(ValueError):
    """Raised by a column parser; the message is shown with the row and column."""


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    required: bool = True
    parse: Callable[[str], object] = str
    choices: tuple[str, ...] | None = None  # also becomes the template's drop-down
    note: str = ""
    example: str = ""


@dataclass
class ImportErrors:
    items: list[dict] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append({"row": row, "column": column, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class ParsedRow:
    number: int  # spreadsheet row number, header is row 1
    values: dict


class ImportSpec:
    kind = ""
    title = ""
    columns: tuple[ImportColumn, ...] = ()

    def prepare(self, *, actor, scope_path: str) -> dict:
        """Load lookups once (e.g. org units by code) so row checks do no queries."""
        return {}

    def check_row(self, row: ParsedRow, ctx: dict, errors: ImportErrors) -> None:
        """Cross-field checks of one row; may add derived values to row.values."""

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        """Checks across rows (duplicates, references to other rows)."""

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        raise NotImplementedError

    def template_lists(self, ctx: dict) -> dict[str, list[str]]:
        """Extra drop-down lists computed from data (column key -> allowed values)."""
        return {}


def read_table(path: Path | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows as strings, from .xlsx/.xls/.ods (calamine) or .csv (UTF-8 or GBK)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise CellError("CSV 文件编码无法识别，请另存为 UTF-8")
        table = list(csv.reader(io.StringIO(text)))
    elif path.suffix.lower() in (".xlsx", ".xls", ".xlsm", ".ods"):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            table = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own types for broken files
            raise CellError(f"无法读取表格文件：{exc}") from exc
    else:
        raise CellError("只支持 .xlsx、.xls、.ods 或 .csv 文件")
    if not table:
        raise CellError("文件是空的")
    headers = [_cell_text(h) for h in table[0]]
    rows = [[_cell_text(v) for v in row] for row in table[1:]]
    return headers, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10]
    return str(value).strip()


def validate(
    spec: ImportSpec, headers: list[str], table: Iterable[list[str]], ctx: dict,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[list[ParsedRow], ImportErrors]:
    errors = ImportErrors()
    index = {h: i for i, h in enumerate(headers)}
    missing = [c.header for c in spec.columns if c.required and c.header not in index]
    if missing:
        errors.add(1, "、".join(missing), "表头缺少必填列（请使用系统提供的模板）")
        return [], errors
    rows: list[ParsedRow] = []
    for n, raw in enumerate(table, start=2):
        if not any(v for v in raw):
            continue
        values, row_ok = {}, True
        for col in spec.columns:
            i = index.get(col.header)
            text = raw[i].strip() if i is not None and i < len(raw) else ""
            if not text:
                if col.required:
                    errors.add(n, col.header, "必填项为空")
                    row_ok = False
                values[col.key] = None
                continue
            if col.choices and text not in col.choices:
                errors.add(n, col.header, f"“{text}”不是可选值（可选：{'、'.join(col.choices)}）")
                row_ok = False
                continue
            try:
                values[col.key] = col.parse(text)
            except (CellError, ValueError) as exc:
                errors.add(n, col.header, str(exc))
                row_ok = False
        row = ParsedRow(n, values)
        if row_ok:
            spec.check_row(row, ctx, errors)
        rows.append(row)
        if on_progress and n % 500 == 0:
            on_progress(n - 1)
    if not errors:
        spec.check_file(rows, ctx, errors)
    errors.items.sort(key=lambda e: e["row"])
    return rows, errors


@dataclass
class ImportResult:
    written: int
    errors: ImportErrors
    total: int


def run(
    spec: ImportSpec, path: Path | str, *, actor, scope_path: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate everything; write nothing unless every row is clean; write all in one transaction."""
    errors = ImportErrors()
    try:
        headers, table = read_table(path)
    except CellError as exc:
        errors.add(1, "文件", str(exc))
        return ImportResult(0, errors, 0)
    total = len(table)
    ctx = spec.prepare(actor=actor, scope_path=scope_path)
    rows, errors = validate(
        spec, headers, table, ctx, on_progress=(lambda n: on_progress(n, total)) if on_progress else None
    )
    if errors:
        return ImportResult(0, errors, total)
    with transaction.atomic():
        written = spec.write(rows, ctx, actor=actor)
    if on_progress:
        on_progress(total, total)
    return ImportResult(written, errors, total)


def template_workbook(spec: ImportSpec, ctx: dict) -> Workbook:
    """An .xlsx template: header row, an example row, drop-downs from choices on a hidden sheet."""
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
        if col.example:
            sheet.cell(row=2, column=i, value=col.example)
        choices = list(col.choices or extra.get(col.key) or [])
        if choices:
            for r, value in enumerate(choices, start=1):
                lists.cell(row=r, column=i, value=value)
            rule = DataValidation(
                type="list", formula1=f"'可选值'!${letter}$1:${letter}${len(choices)}", allow_blank=not col.required
            )
            rule.error = f"请从下拉列表中选择{col.header}"
            rule.errorTitle = "无效的值"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}100000")
    notes = book.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for col in spec.columns:
        notes.append([col.header, "是" if col.required else "否", col.note])
    sheet.freeze_panes = "A2"
    return book


# Specs by kind, registered by the apps that own the records (in their AppConfig.ready).
specs: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> None:
    specs[spec.kind] = spec
