"""Spreadsheet files for import tests: real .xlsx written by openpyxl, .csv in UTF-8 or GBK."""

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from zhenxing.core.idcard import make_id_number


def table_file(path: Path, headers: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    """Write `headers` and `rows` to `path`; the suffix (.xlsx or .csv) decides the format.

    Cells keep their Python types in .xlsx (a `date` becomes an Excel date cell).
    """
    path = Path(path)
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def id_number(n: int, birth: date = date(1980, 3, 15), gender: str = "M", region: str = "210124") -> str:
    """A valid ID number, distinct for n in 0..499 (per birth date and gender); the region keeps it apart
    from the numbers that factories.person() makes (210113)."""
    return make_id_number(region, birth, n, gender)
