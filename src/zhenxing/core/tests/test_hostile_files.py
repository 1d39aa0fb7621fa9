"""Hostile files fed to every registered import that accepts their format (the registry is enumerated,
so an import added later is covered): no exception escapes, every message is Chinese and names no
server path, no traceback and no library's English, and nothing is written."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from openpyxl import Workbook

from zhenxing.core import imports
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Three English words in a row ("invalid Zip archive", "Points of LinearRing"); a format such as
# YYYY-MM-DD HH:MM is not a sentence, so a word needs a small letter.
_WORD = r"[A-Za-z]*[a-z][A-Za-z]*"
ENGLISH = re.compile(rf"{_WORD}(?:[\s:,.;'\"()]+{_WORD}){{2,}}")
MB = 1024 * 1024


def _xlsx(rewrite=None) -> bytes:
    book = Workbook()
    book.active.append(["姓名", "地址"])
    book.active.append(["张三", "马刚村"])
    buffer = io.BytesIO()
    book.save(buffer)
    if rewrite is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data.decode()).encode()
            zout.writestr(item, data)
    return out.getvalue()


def _declared(last: str, cell: bool):
    def rewrite(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]+"/>', f'<dimension ref="A1:{last}"/>', xml)
        if cell:  # a real cell far down (and right): calamine would allocate the whole range
            row = re.sub(r"\D", "", last)
            xml = xml.replace("</sheetData>", f'<row r="{row}"><c r="{last}" t="inlineStr"><is><t>x</t></is>'
                                              "</c></row></sheetData>")
        return xml
    return rewrite


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _bomb(path: Path) -> None:
    """A Shapefile ZIP whose .shp is 200 MB of zeros (about 200 KB compressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("zd.shp", "w", force_zip64=True) as f:
            zeros = bytes(MB)
            for _ in range(200):
                f.write(zeros)
        for ext in (".shx", ".dbf", ".prj"):
            z.writestr("zd" + ext, b"\0" * 100)


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


PRJ = b'GEOGCS["China Geodetic Coordinate System 2000",DATUM["D_China_2000"]]'
FILES = {
    "empty.geojson": b"",
    "blank.json": b"  \n\t ",
    "notjson.geojson": "这不是 JSON {\"type\": ".encode(),
    "notjson.json": b"<html><body>not json at all</body></html>",
    "list.geojson": b"[1, 2, 3]",
    "bomb.zip": _bomb,
    "noshp.zip": _zip({"readme.txt": b"no shapefile here"}),
    "nodbf.zip": _zip({"zd.shp": b"\0" * 100, "zd.shx": b"\0" * 100, "zd.prj": PRJ}),
    "noshx.zip": _zip({"zd.shp": b"\0" * 100, "zd.dbf": b"\0" * 100, "zd.prj": PRJ}),
    "broken.zip": b"PK\x03\x04 this is not really a zip",
    "brokenshp.zip": _zip({"zd.shp": b"\0" * 100, "zd.shx": b"x", "zd.dbf": b"y", "zd.prj": PRJ}),
    "text.gpkg": b"SQLite format 3\0 but not really",
    "empty.xlsx": b"",
    "text.xlsx": "姓名,地址\n张三,马刚村\n".encode(),
    "text.xlsm": b"just some text",
    "text.xls": b"just some text, not BIFF",
    "text.ods": b"just some text, not ODF",
    "empty.csv": b"",
    "nul.csv": "姓名,地址\n张三,马\x00刚村\n".encode(),
    "utf16.csv": "姓名,地址\n".encode("utf-16"),
    "quote.csv": b'a,b\n"unclosed,' + b"x" * 200_000 + b"\n",
    "million_rows.xlsx": _xlsx(_declared("A1048576", cell=True)),
    "million_cells.xlsx": _xlsx(_declared("XFD1048576", cell=True)),
    "declared_only.xlsx": _xlsx(_declared("Z1048576", cell=False)),
    "huge.csv": lambda p: _sparse(p, 500 * MB),
    "huge.xlsx": lambda p: _sparse(p, 500 * MB),
    "huge.geojson": lambda p: _sparse(p, 500 * MB),
    "huge.zip": lambda p: _sparse(p, 500 * MB),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, content in FILES.items():
        path = folder / name
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
    return folder


def _gbk(folder: Path, spec) -> Path:
    """A CSV in GBK with the import's own headers and a row of nonsense: read, then refused by cell."""
    path = folder / f"gbk-{spec.kind}.csv"
    headers = ",".join(c.header for c in spec.columns)
    row = ",".join("测试？" for _ in spec.columns)
    path.write_bytes(f"{headers}\n{row}\n".encode("gbk"))
    return path


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def _assert_clean(message: str, where: str) -> None:
    assert CHINESE.search(message), (where, message)
    for bad in ("/tmp", "/work", "/home", "Traceback", "Error:", "Exception", "zhenxing-"):
        assert bad not in message, (where, message)
    assert not ENGLISH.search(message), (where, message)


def _kinds(suffix: str) -> list:
    return [spec for spec in imports.specs.values() if suffix in spec.suffixes]


@pytest.fixture
def actor(district):
    user = factories.user("district_admin", district["county"])
    return access.actor_for(user)


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_hostile_file_is_refused_in_chinese_by_every_import_of_its_format(name, folder, actor, district):
    kinds = _kinds(Path(name).suffix)
    assert kinds, f"no import takes {name}"
    before = _counts()
    for spec in kinds:
        result = imports.run(spec, folder / name, actor=actor, scope_path=district["county"].path,
                             file_name=name)
        where = f"{spec.kind} {name}"
        assert result.written == 0 and result.errors, where
        for e in result.errors.items + result.warnings:
            _assert_clean(f"{e['column']} {e['message']}", where)
    assert _counts() == before


def test_a_gbk_csv_is_read_and_refused_by_cell_in_chinese(folder, actor, district):
    before = _counts()
    for spec in _kinds(".csv"):
        result = imports.run(spec, _gbk(folder, spec), actor=actor, scope_path=district["county"].path)
        assert result.written == 0 and result.errors, spec.kind
        assert all("表头" not in e["message"] for e in result.errors.items), (spec.kind, result.errors.items)
        for e in result.errors.items:
            _assert_clean(e["message"], spec.kind)
    assert _counts() == before


def test_every_format_of_every_import_meets_a_hostile_file():
    covered = {Path(name).suffix for name in FILES}
    for spec in imports.specs.values():
        assert set(spec.suffixes) <= covered, (spec.kind, set(spec.suffixes) - covered)


def test_the_zip_bomb_is_refused_before_it_is_unpacked(folder, actor, district, settings, tmp_path):
    settings.IMPORT_MAX_ZIP_RATIO = 10_000  # the ratio lets it pass: the unpacked-size cap stops it
    settings.IMPORT_MAX_UNZIPPED_BYTES = 100 * MB
    result = imports.run(imports.specs["parcels"], folder / "bomb.zip", actor=actor,
                         scope_path=district["county"].path)
    assert "解压后约 200 MB，超过上限 100 MB" in result.errors.items[0]["message"]
    settings.IMPORT_MAX_UNZIPPED_BYTES = 500 * MB
    result = imports.run(imports.specs["parcels"], folder / "bomb.zip", actor=actor,
                         scope_path=district["county"].path)
    assert "疑似压缩炸弹" not in result.errors.items[0]["message"]  # read, then refused as a Shapefile
