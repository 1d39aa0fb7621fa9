"""Uploaded files checked before a library reads them, and read into a table of text cells.

An import file comes from outside: it may be empty, larger than allowed, a ZIP that unpacks to
gigabytes, a spreadsheet that declares a million rows, or not what its name says. The libraries that
read these formats answer such files with English messages, with the server's paths, or (calamine
allocating a declared 1,048,576 x 16,384 range) by aborting the process. So the guards here come
first, and every problem is a `FileProblem` with a Chinese message; what a library raised is logged.
"""

import csv
import io
import logging
import re
import zipfile
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_MB = 1024 * 1024
# A member smaller than this is never a bomb, whatever its ratio (small XML compresses very well).
_RATIO_FLOOR_BYTES = _MB
_SCAN_CHUNK = 4 * _MB
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,8})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,8})\"")


class FileProblem(ValueError):
    """A problem with the whole file; the message (Chinese) is shown to the user as it is."""


# --- limits (settings, so a district can move them) ----------------------------------------------

def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 200_000))


def max_file_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_FILE_BYTES", 50 * _MB))


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", 500 * _MB))


def max_zip_ratio() -> float:
    return float(getattr(settings, "IMPORT_MAX_ZIP_RATIO", 200))


def max_columns() -> int:
    return int(getattr(settings, "IMPORT_MAX_COLUMNS", 500))


def max_cells() -> int:
    return int(getattr(settings, "IMPORT_MAX_CELLS", 10_000_000))


def _mb(size: int) -> str:
    return f"{size / _MB:.0f} MB" if size >= _MB else f"{size / 1024:.0f} KB"


def check_size(path: Path | str) -> int:
    """The file's size, after refusing an empty file or one over the limit."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        raise FileProblem("找不到上传的文件，请重新上传") from None
    if size == 0:
        raise FileProblem("文件是空的（0 字节），请检查后重新上传")
    if size > max_file_bytes():
        raise FileProblem(f"文件大小约 {_mb(size)}，超过导入上限 {_mb(max_file_bytes())}，请拆分后分批导入")
    return size


# --- ZIP archives (Shapefiles, .xlsx, .ods) ------------------------------------------------------

def open_zip(path: Path | str, what: str = "ZIP 文件") -> zipfile.ZipFile:
    """The archive, after checking what its members declare: the total unpacked size and each
    member's compression ratio (a ZIP bomb declares a small file that unpacks to gigabytes)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(f"{what}已损坏或不是有效的格式") from None
    try:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if total > max_unzipped_bytes():
            raise FileProblem(f"{what}解压后约 {_mb(total)}，超过上限 {_mb(max_unzipped_bytes())}，"
                              "请拆分后分批导入")
        for m in members:
            ratio = m.file_size / max(m.compress_size, 1)
            if m.file_size > _RATIO_FLOOR_BYTES and ratio > max_zip_ratio():
                raise FileProblem(f"{what}中的“{Path(m.filename).name}”压缩比异常（约 {ratio:.0f} 倍），"
                                  "疑似压缩炸弹，已拒绝")
    except BaseException:
        archive.close()
        raise
    return archive


def extract_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> None:
    """Copy one member to `target`, stopping if it unpacks to more than it declared."""
    limit = member.file_size
    written = 0
    try:
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(_MB):
                written += len(chunk)
                if written > limit:
                    raise FileProblem(f"ZIP 文件中的“{Path(member.filename).name}”解压后大于其声明的大小，"
                                      "已拒绝")
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        log.warning("zip member %s unreadable: %r", member.filename, exc)
        raise FileProblem(f"ZIP 文件中的“{Path(member.filename).name}”已损坏或已加密，无法解压") from None


def _member_bytes(archive: zipfile.ZipFile, name: str, limit: int = 4 * _MB) -> bytes:
    with archive.open(name) as f:
        return f.read(limit)


def _first_sheet(archive: zipfile.ZipFile) -> list[str]:
    """Path of the workbook's first sheet (the one imports read); all sheets if the workbook's parts
    cannot be followed, so that the check errs on the safe side."""
    names = set(archive.namelist())
    sheets = sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
    try:
        book = _member_bytes(archive, "xl/workbook.xml")
        rels = _member_bytes(archive, "xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError):
        return sheets
    first = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\b\w+:id=\"([^\"]+)\"", book)
    if not first:
        return sheets
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid = re.search(rb"\bId=\"([^\"]+)\"", tag)
        target = re.search(rb"\bTarget=\"([^\"]+)\"", tag)
        if rid and target and rid.group(1) == first.group(1):
            text = target.group(1).decode("utf-8", "replace")
            path = text.lstrip("/") if text.startswith("/") else f"xl/{text}"
            return [path] if path in names else sheets
    return sheets


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def xlsx_extent(archive: zipfile.ZipFile) -> tuple[int, int]:
    """(last row, last column) that the first sheet's cells name, read from its XML without
    building the sheet: the declared <dimension> may lie, the cells' own references decide."""
    last_row = last_col = 0
    for name in _first_sheet(archive):
        carry = b""
        with archive.open(name) as f:
            while chunk := f.read(_SCAN_CHUNK):
                text = carry + chunk
                for letters, row in _CELL_REF.findall(text):
                    last_row = max(last_row, int(row))
                    last_col = max(last_col, _column_number(letters))
                for row in _ROW_REF.findall(text):
                    last_row = max(last_row, int(row))
                carry = text[-512:]
    return last_row, last_col


def _check_extent(path: Path) -> None:
    with open_zip(path, "Excel 文件") as archive:
        try:
            rows, cols = xlsx_extent(archive)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            log.warning("xlsx %s unreadable: %r", path, exc)
            raise FileProblem("Excel 文件已损坏，无法读取") from None
    if rows - 1 > max_rows():
        raise FileProblem(f"表格有{rows}行（含表头），超过单次导入上限{max_rows()}行，"
                          "请删除多余的空行或拆分后分批导入")
    if cols > max_columns():
        raise FileProblem(f"表格有{cols}列，超过上限{max_columns()}列，请删除多余的列")
    if rows * cols > max_cells():
        raise FileProblem(f"表格范围过大（{rows}行×{cols}列），请删除多余的行和列")


# --- tables --------------------------------------------------------------------------------------

def read_table(path: Path | str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows as strings, from .xlsx/.xls/.ods (calamine) or .csv (UTF-8 or GBK)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise FileProblem("只支持 .xlsx、.xls、.ods 或 .csv 文件")
    check_size(path)
    table = _read_csv(path) if suffix == ".csv" else _read_sheet(path, suffix)
    if not table:
        raise FileProblem("文件是空的")
    headers = [_header_text(h) for h in table[0]]
    rows = [[cell_text(v) for v in row] for row in table[1:]]
    # Sheets often report formatted but empty rows at the end; they are not part of the data.
    while rows and not any(rows[-1]):
        rows.pop()
    return headers, rows


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("CSV 文件为 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后上传")
    if b"\x00" in raw:
        raise FileProblem("CSV 文件中含有空字符（NUL），不是正常的文本表格；请在 Excel 中另存为"
                          "“CSV UTF-8（逗号分隔）”后上传")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem("CSV 文件编码无法识别，请另存为 UTF-8")
    reader = csv.reader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error:
        raise FileProblem(f"CSV 文件第{reader.line_num}行格式有误（如引号不成对或单元格过长）") from None


def _read_sheet(path: Path, suffix: str) -> list[list]:
    if suffix in (".xlsx", ".xlsm"):
        _check_extent(path)
    elif suffix == ".ods":
        open_zip(path, "ODS 文件").close()
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own types for broken files; keep them in the log
        log.warning("spreadsheet %s unreadable: %r", path.name, exc)
        raise FileProblem(f"无法读取表格文件：文件已损坏，或不是真正的 {suffix} 文件"
                          "（请用 Excel 或 WPS 打开后另存为 .xlsx 再上传）") from None


def _header_text(value) -> str:
    # Users often mark required columns themselves ("姓名*", "姓名（必填）").
    return re.sub(r"(\*|（必填）|\(必填\))$", "", cell_text(value)).strip()


def cell_text(value) -> str:
    """A cell (or a GIS attribute) as the text a user typed: 是/否, whole numbers without .0, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10]
    return str(value).strip()

