"""A register's API, derived from its declaration (orgs.registers.Register): the list with the page's filters,
ordering and scope (pages by number, or by a cursor that inserts do not shift), its data-exchange stream
(CSV or NDJSON, every row the filters select up to a stated limit) and the detail of one record, with its
workflow state, the steps the caller may take and the history when the register has a workflow."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema
from pydantic import create_model

from zhenxing.core import audit, excel, workflow
from zhenxing.core.numbers import json_type
from zhenxing.orgs import access, names
from zhenxing.orgs.registers import Register
from zhenxing.orgs.schemas import PageMeta, PageParams, paginate

JSON_TYPES = {str: str, int: int, float: float, bool: bool, date: date, datetime: datetime, Decimal: Decimal}
class StreamParams(Schema):
    format: Literal["csv", "ndjson"] = Field("csv", description="csv（UTF-8 带 BOM，Excel 可直接打开）"
                                                                  "或 ndjson"
                                                                  "（每行一个 JSON 对象）")


class Step(Schema):
    name: str
    label: str
    required_fields: list[str]
    required_attachments: int
    comment_required: bool


class HistoryEntry(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str | None = Field(None, description="办理人的账号（登录名）；系统办理时为 null")
    actor_name: str = Field(..., description="办理人姓名和单位，如 王建国（马刚村·村党组织书记）；"
                                             "系统办理为“系统”")
    comment: str
    data: dict
    created_at: datetime


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_"))


# --- rows as data ------------------------------------------------------------------------------------------

def json_value(kind, value):
    """A cell as its column's JSON type: text columns give the page's text, dates ISO, times local; a
    number stays the exact number (the page's 12% or 万元 are for reading, not for machines)."""
    kind = json_type(kind)
    if value is None or (value == "" and kind is not str):
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value if kind is datetime else value.isoformat(timespec="seconds")
    if kind is str:
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def row_out(register: Register, obj) -> dict:
    return {"id": obj.pk, "url": register.url_of(obj),
            **{c.key: json_value(c.kind, c.value(obj)) for c in register.columns}}


def row_schema(register: Register) -> type[Schema]:
    fields = {c.key: (JSON_TYPES[json_type(c.kind)] | None, Field(None, description=c.header))
              for c in register.columns}
    return create_model(f"{_camel(register.name)}Row", __base__=Schema,
                        id=(int, Field(..., description="记录 id")),
                        url=(str, Field(..., description="记录在平台上的页面")), **fields)


def query_schema(register: Register) -> type[Schema]:
    fields = {}
    for f in register.filters:
        if f.kind == "select" and not callable(f.choices):
            values = tuple(str(v) for v, _ in f.choices)
            help_ = "、".join(f"{v}={label}" for v, label in f.choices)
            fields[f.name] = (Literal[("", *values)], Field("", description=f"{f.label}：{help_}；空为全部"))
        elif f.kind == "village":
            fields[f.name] = (str, Field("", max_length=40, description=f"{f.label}：单位代码，含其下级"))
        else:
            fields[f.name] = (str, Field("", max_length=100, description=f.label))
    return create_model(f"{_camel(register.name)}Query", __base__=Schema, **fields)


def _filters(register: Register, query: Schema):
    return register.filter_class(**query.dict())


# --- pages --------------------------------------------------------------------------------------------------

def page_schema(name: str, item: type) -> type[Schema]:
    return create_model(name, __base__=PageMeta, items=(list[item], ...))


# --- the stream --------------------------------------------------------------------------------------------

def stream(request, register: Register, qs, fmt: str) -> StreamingHttpResponse:
    access.require(request.actor, access.EXPORT)
    total = qs.count()
    limit = settings.API_EXPORT_MAX_ROWS
    if total > limit:
        raise ValidationError(
            {"__all__": f"共 {total:,} 行，超过一次导出的上限 {limit:,} 行：请加筛选条件分批导出"})
    audit.record(actor=request.actor.user, action="export.stream", object_type="orgs.export",
                 object_repr=register.title, scope_path=request.actor.paths(access.EXPORT)[0],
                 changes={"register": register.name, "format": fmt, "rows": total,
                          "filters": sorted(k for k, v in request.GET.items() if v and k != "format")})
    records = qs.iterator(chunk_size=2000)
    if fmt == "ndjson":
        lines = (json.dumps(row_out(register, o), ensure_ascii=False, default=str) + "\n" for o in records)
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    else:
        # Not row_out: the CSV has no url column, and its reverse() per row was ~40 % of the stream's time
        # (bench/README.md, bench/api.py).
        headers = ["id", *(c.header for c in register.columns)]
        cells = ([o.pk, *(json_value(c.kind, c.value(o)) for c in register.columns)] for o in records)
        lines = excel.csv_chunks(headers, cells)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{register.name}.{fmt}"
    return response


STREAM_RESPONSES = {200: {"description": "全部符合条件的记录", "content": {
    "text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}}}}


# --- detail ------------------------------------------------------------------------------------------------

def fetch(request, register: Register, pk: int):
    """One record as the list shows it (with the list's annotations), 404 outside the actor's scope."""
    record = register.one(actor=request.actor, pk=pk)
    try:
        rows = register.rows(actor=request.actor, filters=register.filter_class())
    except Http404:  # a record its owner may open although the register is not the owner's (a villager's own)
        return record
    return rows.filter(pk=record.pk).first() or record


def detail_out(request, register: Register, obj) -> dict:
    out = row_out(register, obj)
    flow = register.workflow
    if flow is None:
        return out
    roles = register.workflow_roles(request.actor, obj) if register.workflow_roles else set()
    out.update({
        "state": obj.state, "state_label": flow.states.get(obj.state, obj.state), "due_at": obj.due_at,
        "transitions": [{"name": t.name, "label": t.label, "required_fields": list(t.required_fields),
                         "required_attachments": t.required_attachments,
                         "comment_required": t.comment_required}
                        for t in flow.available(obj.state, roles)],
        "history": [{"transition": h.transition, "from_state": h.from_state, "to_state": h.to_state,
                     "actor": h.actor.get_username() if h.actor else None, "actor_name": names.who(h.actor),
                     "comment": h.comment, "data": h.data, "created_at": h.created_at}
                    for h in workflow.history(obj).select_related("actor")],
    })
    return out


def detail_schema(register: Register) -> type[Schema]:
    row = row_schema(register)
    if register.workflow is None:
        return row
    states = "、".join(f"{k}={v}" for k, v in register.workflow.states.items())
    return create_model(
        f"{_camel(register.name)}Detail", __base__=row,
        state=(str, Field(..., description=f"状态：{states}")), state_label=(str, ...),
        due_at=(datetime | None, Field(None, description="本环节的办理时限")),
        transitions=(list[Step], Field(..., description="调用者当前可办理的环节")),
        history=(list[HistoryEntry], Field(..., description="办理记录，按时间先后")),
    )


def operation_base(register: Register, app: str) -> str:
    """The start of a register's operation ids (a path name's hyphen made an underscore)."""
    return f"zhenxing_{app}_api_{register.name.replace('-', '_')}"


# --- the operations ----------------------------------------------------------------------------------------

def add_register(router, register: Register, *, app: str, parts=("list", "export", "detail")):
    """List, stream and (when the register declares `one`) detail operations on `router`; `parts` leaves out
    those a hand-written operation gives (register the stream before a hand-written `/{id}` route)."""
    q_schema, row, op = query_schema(register), row_schema(register), operation_base(register, app)
    page = page_schema(f"{_camel(register.name)}Page", row)
    who = register.description or "调用者权限范围内的记录（与页面相同）"

    def list_rows(request, filters: Query[q_schema], pager: Query[PageParams]):
        return paginate(register.rows(actor=request.actor, filters=_filters(register, filters)), pager,
                       lambda obj: row_out(register, obj))

    if "list" in parts:
        router.get(f"/{register.name}", response=page, summary=register.title, operation_id=f"{op}_list",
                   description=f"{who}；筛选与排序同页面，分页（页码或游标）。")(list_rows)

    def stream_rows(request, filters: Query[q_schema], params: Query[StreamParams]):
        qs = register.rows(actor=request.actor, filters=_filters(register, filters))
        return stream(request, register, qs, params.format)

    if "export" in parts:
        router.get(f"/{register.name}/export", summary=f"{register.title}（数据交换：CSV/NDJSON）",
                   operation_id=f"{op}_export", openapi_extra={"responses": STREAM_RESPONSES},
                   description=f"{who}；按筛选条件逐行输出全部记录，"
                               f"一次最多 {settings.API_EXPORT_MAX_ROWS:,} 行，"
                               "超过时返回 422。需要导出权限，导出留痕。")(stream_rows)

    if register.one is None or "detail" not in parts:
        return
    detail = detail_schema(register)

    def get_one(request, record_id: int):
        return detail_out(request, register, fetch(request, register, record_id))

    router.get(f"/{register.name}/{{record_id}}", response=detail, summary=f"{register.item}详情",
               operation_id=f"{op}_detail",
               description="不存在或不在权限范围内均返回 404。" + (
                   "含状态、可办理的环节和办理记录。" if register.workflow else ""))(get_one)
