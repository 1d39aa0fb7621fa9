"""Excel export of any register view: same filters as the page, streamed by openpyxl's write-only mode.

Every text an export writes goes through `inert` (Excel) or `csv_text` (CSV): a text that begins
with =, +, -, @, a tab or a carriage return is what a spreadsheet reads as a formula (an address
imported as `=HYPERLINK(…)` or `=cmd|' /C calc'!A0`), so it is written as plain text (OWASP's rule on
CSV injection).
"""

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

from zhenxing.core import numbers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def inert(cell):
    """Make a cell holding such a text a text cell that Excel shows as typed and never evaluates:
    openpyxl turns a string starting with "=" into a formula, and "#N/A" into an error value."""
    if isinstance(cell.value, str) and (cell.data_type in ("f", "e") or is_formula_like(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_text(value) -> str:
    """A CSV cell's text: a formula-like text gets a leading apostrophe (OWASP), so a spreadsheet
    opening the file shows it and does not run it."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file (UTF-8 with BOM, which Excel needs to read Chinese) with every cell through csv_text."""
    return b"".join(csv_chunks(headers, rows))


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The same file line by line, for a streamed answer: the BOM and headers first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_text(h) for h in headers])
    yield codecs.BOM_UTF8 + buffer.getvalue().encode()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_text(_cell_value(v)) for v in row])
        yield buffer.getvalue().encode()


def _cell_value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date | int | float | str | Decimal) or value is None:
        return value
    return str(value)


def _cell(sheet, value, kind=None):
    value = _cell_value(value)
    if isinstance(value, str) and (is_formula_like(value) or value in ERROR_CODES):
        return inert(WriteOnlyCell(sheet, value=value))
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if kind is not None and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        # The exact number stays the cell's value; the format only shows it as the page reads (1,234.50, 12%).
        number_format = numbers.excel_format(kind, value)
        if number_format:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = number_format
            return cell
    return value


def workbook_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence],
                   kinds: Sequence = ()) -> bytes:
    """`kinds`: each column's kind (core.numbers.Kind or a bare type), which gives its numbers' format."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])

    header_cells = []
    for h in headers:
        cell = inert(WriteOnlyCell(sheet, value=h))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    kinds = list(kinds)
    for row in rows:
        sheet.append([_cell(sheet, v, kinds[i] if i < len(kinds) else None) for i, v in enumerate(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export(title: str, columns, queryset, max_rows: int) -> HttpResponse:
    """Export `queryset` with `columns` (objects with .header and .value(row))."""
    rows = ([c.value(obj) for c in columns] for obj in queryset[:max_rows].iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = workbook_bytes(title, [c.header for c in columns], rows, kinds_of(columns))
    return xlsx_response(f"{title}-{stamp}.xlsx", content)


def kinds_of(columns) -> list:
    return [getattr(c, "kind", None) for c in columns]
