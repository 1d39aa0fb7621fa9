"""API schemas for the org tree, and the one pagination scheme every list in the API uses."""

import base64
import binascii
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from zhenxing.orgs import codes

MAX_PAGE_SIZE = 200

Level = Literal[tuple(codes.LEVELS)]
LEVEL_HELP = codes.LEVEL_LABELS.items()


# Strict input types for every API operation: pydantic's lax mode would read "1.0" or "1_000" as integers
# and "0.5" as a moment in 1970 (a Unix time); a client that sends those has made a mistake and is told so.
WHOLE = re.compile(r"-?\d{1,18}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?")


def _whole(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and WHOLE.fullmatch(value):
        return int(value)
    raise PydanticCustomError("whole_number", "应为整数（如 3）")


MAX_OFFSET = timedelta(hours=14)
FIRST_YEAR, LAST_YEAR = 1900, 2099


def _moment(value):
    """A date alone means its midnight; a time without an offset is local time (Asia/Shanghai)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            if not (isinstance(value, str) and ISO_MOMENT.fullmatch(value)):
                raise ValueError
            moment = (datetime.combine(date.fromisoformat(value), time()) if len(value) == 10
                      else datetime.fromisoformat(value))
        except ValueError:
            raise PydanticCustomError(
                "iso_datetime", "应为日期或日期时间，格式如 2024-01-31 或 2024-01-31T08:00:00+08:00"
            ) from None
    # PostgreSQL refuses an offset beyond ±15:59 and converting year 1 or 9999 to UTC overflows; no clock
    # on earth is more than 14 hours off UTC, and no record of the platform is outside these years.
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise PydanticCustomError("iso_datetime_offset", "时区偏移应在 -14:00 到 +14:00 之间")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise PydanticCustomError("iso_datetime_year", f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


Whole = Annotated[int, BeforeValidator(_whole)]
IsoDateTime = Annotated[datetime, BeforeValidator(_moment)]


def decimal_between(low: int, high: int, places: int = 2):
    """A decimal in [low, high] with at most `places` decimals, as a JSON number or a text like "120.5".
    pydantic would declare any string acceptable, so a client built from the schema (and the fuzzer,
    tests/test_api_fuzz.py) would send text the API then refuses; the pattern says which text."""
    digits = len(str(high))
    text = rf"^{'-?' if low < 0 else ''}\d{{1,{digits}}}(\.\d{{1,{places}}})?$"
    return Annotated[Decimal, Field(ge=low, le=high, decimal_places=places), WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": low, "maximum": high}, {"type": "string", "pattern": text}]})]


CURSOR_HELP = ("游标分页：首次传 cursor=start，之后传上次返回的 next_cursor（为 null 时已取完）。"
               "游标按记录 id 升序取，取数期间新增的记录排在最后，不会打乱或重复已取的页；"
               "给出 cursor 时 page 不起作用。")


class PageParams(Schema):
    # The upper bound keeps the SQL OFFSET inside a 64-bit integer whatever a client sends.
    page: Whole = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始（按页面的排序）")
    page_size: Whole = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1–{MAX_PAGE_SIZE}")
    cursor: str = Field("", max_length=64, description=CURSOR_HELP)


# A file download: its own content type (a photo, a PDF, a scan), so any media type.
FILE_RESPONSES = {200: {"description": "文件本身",
                        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class PageMeta(Schema):
    """Subclasses add `items`; a page past the end has no items but still tells the count."""

    count: int = Field(..., description="符合条件的总条数")
    page: int = Field(..., description="页码（游标分页时为 1）")
    page_size: int = Field(..., description="每页条数")
    next_cursor: str | None = Field(None, description="下一页的游标；为 null 时已取完或未用游标")


def _decode_cursor(cursor: str) -> int:
    if cursor == "start":
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)).decode()
        if text.startswith("id:") and text[3:].isdigit():
            return int(text[3:])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ValidationError({"cursor": "游标无效：请传 start 或上次返回的 next_cursor"})


def _encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def paginate(qs: QuerySet, params: PageParams, out: Callable | None = None, *,
             many: Callable | None = None) -> dict:
    """Page `page` in the list's own order, or with a cursor the rows after it by id: a client that copies a
    whole register (a provincial platform, a phone app's offline copy) is not thrown off by new records.
    Each row goes through `out`, or the page's rows at once through `many` (that looks up what they name
    once)."""

    def items(rows):
        return many(rows) if many else [out(r) for r in rows]

    if params.cursor:
        rows = list(qs.filter(pk__gt=_decode_cursor(params.cursor)).order_by("pk")[:params.page_size + 1])
        more = len(rows) > params.page_size
        rows = rows[:params.page_size]
        return {"count": qs.count(), "page": 1, "page_size": params.page_size,
                "next_cursor": _encode_cursor(rows[-1].pk) if more else None, "items": items(rows)}
    start = (params.page - 1) * params.page_size
    rows = list(qs[start:start + params.page_size])
    return {"count": qs.count(), "page": params.page, "page_size": params.page_size, "next_cursor": None,
            "items": items(rows)}


class OrgUnitQuery(Schema):
    parent: str = Field("", description="上级单位代码：只列出其直属下级")
    level: Level | None = Field(None, description="层级：" + "、".join(f"{k}={v}" for k, v in LEVEL_HELP))


class OrgUnitRef(Schema):
    code: str
    name: str


class OrgUnitOut(Schema):
    code: str = Field(..., description="统计用区划代码（村以下为本平台代码）")
    name: str
    level: str
    level_label: str
    kind: str = Field(..., description="类别：街道/镇/乡、社区/村等")
    parent_code: str | None
    development_village: bool = Field(..., description="具备发展条件村")


class OrgUnitDetail(OrgUnitOut):
    ancestors: list[OrgUnitRef] = Field(..., description="权限范围内的上级单位，自上而下")
    children_count: int = Field(..., description="权限范围内的直属下级数")


class OrgUnitPage(PageMeta):
    items: list[OrgUnitOut]


def org_unit_out(u) -> dict:
    return {
        "code": u.code, "name": u.name, "level": u.level, "level_label": codes.LEVEL_LABELS[u.level],
        "kind": u.kind_label, "parent_code": u.parent.code if u.parent_id else None,
        "development_village": u.development_village,
    }
