"""审计日志 over the API, for the security auditor (安全审计员) only: the events of the audit page
(orgs.audit_views) with its filters and scope, and one event with its place in the hash chain."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema

from zhenxing.orgs import selectors
from zhenxing.orgs.schemas import CURSOR_HELP, ErrorOut, IsoDateTime, PageMeta, PageParams, paginate

router = Router(tags=["审计日志"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WHO = ("只有安全审计员可用，范围与审计日志页面相同：本人管辖范围内的事件；管辖区县（或以上）的审计员还能看到"
       "不属于任何单位的事件（登录、账号和安全设置的变更）。无此权限返回 404。")
# A moment whose conversion to UTC would leave the calendar cannot be compared with a stored time.
EARLIEST, LATEST = 1900, 9998


class EventQuery(Schema):
    actor: str = Field("", description="操作人姓名（包含即可）")
    action: str = Field("", description="操作，按前缀匹配，如 person.reveal 或 person.")
    object: str = Field("", description="对象：名称包含此文字，或对象 id、对象类型（如 people.person）"
                                        "与之相同")
    since: IsoDateTime | None = Field(None, alias="from", description="时间不早于（含）；只写日期即当日零时，"
                                                                     "不带时区即北京时间")
    before: IsoDateTime | None = Field(None, alias="to", description="时间早于（不含）；如 to=2024-02-01 "
                                                                    "即截至 1 月 31 日当天结束")


class EventOut(Schema):
    id: int = Field(..., description="事件 id（详情接口用）")
    seq: int = Field(..., description="审计链中的序号（审计日志页面的“序号”），连续无缺号")
    created_at: datetime
    actor_id: int | None = Field(None, description="操作人的用户 id；系统操作或用户已删除时为 null")
    actor_name: str = Field(..., description="操作人（记录时的姓名或用户名）")
    action: str = Field(..., description="操作，如 person.reveal、target.set")
    object_type: str
    object_id: str
    object_repr: str = Field(..., description="对象（记录时的名称）")
    scope_path: str = Field(..., description="事件所属单位在组织树中的路径；为空表示不属于任何单位")
    changes: dict = Field(..., description="变更，形如 {字段: [原值, 新值]}，或操作的其他说明")
    ip: str


class EventDetail(EventOut):
    prev_hash: str = Field(..., description="前一事件的哈希")
    hash: str = Field(..., description="本事件的哈希（含前一事件的哈希，改动任何一条都会断链）")
    scheme: int = Field(..., description="哈希方式：1=SHA-256（早期事件），2=使用审计密钥的 HMAC-SHA256")


class EventPage(PageMeta):
    items: list[EventOut]


def event_out(e) -> dict:
    return {"id": e.pk, "seq": e.seq, "created_at": e.created_at, "actor_id": e.actor_id,
            "actor_name": e.actor_name, "action": e.action, "object_type": e.object_type,
            "object_id": e.object_id, "object_repr": e.object_repr, "scope_path": e.scope_path,
            "changes": e.changes, "ip": e.ip}


def _in_calendar(name: str, moment: datetime | None) -> datetime | None:
    if moment is not None and not EARLIEST <= moment.year <= LATEST:
        raise ValidationError({name: f"时间应在 {EARLIEST} 年至 {LATEST} 年之间"})
    return moment


@router.get("/events", response={200: EventPage, **ERRORS}, summary="审计事件列表",
            description="审计日志的事件，可按操作人、操作、对象和时间段筛选（与审计日志页面的筛选相同）。"
                        "按页码分页时最新的在前；" + CURSOR_HELP + WHO)
def list_audit_events(request, filters: Query[EventQuery], pager: Query[PageParams]):
    qs = selectors.audit_events(
        actor=request.actor, person=filters.actor, obj=filters.object, action=filters.action,
        since=_in_calendar("from", filters.since), before=_in_calendar("to", filters.before))
    return paginate(qs, pager, event_out)


@router.get("/events/{event_id}", response={200: EventDetail, **ERRORS}, summary="审计事件详情",
            description="一条审计事件，含其在审计链中的哈希。事件不存在或不在调用者范围内均返回 404。" + WHO)
def get_audit_event(request, event_id: int):
    event = selectors.audit_events(actor=request.actor).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return {**event_out(event), "prev_hash": event.prev_hash, "hash": event.hash, "scheme": event.scheme}
