"""工作台 over the API: the caller's 待办 and messages, as on the home page and 消息 (a phone app's home)."""

from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from zhenxing.core import notify, todo
from zhenxing.core.notification_models import EVENTS
from zhenxing.orgs.schemas import ErrorOut, IsoDateTime, PageMeta, PageParams, paginate
from zhenxing.workspace import selectors, services

router = Router(tags=["工作台"])
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a database id: beyond it a query would overflow
EVENT_HELP = "、".join(f"{k} {v}" for k, v in EVENTS)


class KindOut(Schema):
    key: str = Field(..., description="待办类别，如 governance.case.whistled.street")
    module: str = Field(..., description="所属模块，如 吹哨报到")
    label: str = Field(..., description="环节，如 已吹哨（待派单）")
    actions: str = Field(..., description="调用者在此环节可办的操作")
    count: int
    overdue: int = Field(..., description="其中已超期的件数")


class ItemOut(Schema):
    kind: str = Field(..., description="待办类别（KindOut.key）")
    record_id: int
    title: str
    url: str = Field(..., description="记录页面的网址")
    due_at: IsoDateTime | None = Field(None, description="办理时限（北京时间）；无时限为空")
    overdue: bool


class QueueOut(Schema):
    total: int
    overdue: int
    follows_up: bool = Field(..., description="区级：只列出已超期的事项，可督办")
    kinds: list[KindOut]
    items: list[ItemOut] = Field(..., description="最紧急的若干件：超期的在前，再按时限先后")


@router.get("/todo", response=QueueOut, summary="我的待办",
            description="调用者在自己的范围内要办的事项（与首页“我的待办”相同），每类的件数与超期件数，"
                        "以及最紧急的至多 60 件。区级只列出各街道、村已超期的事项。")
def my_queue(request):
    actor = request.actor
    queue = todo.queue(actor)
    return {"total": queue.total, "overdue": queue.overdue, "follows_up": selectors.follows_up(actor),
            "kinds": [{"key": k.waiting.key, "module": k.waiting.module, "label": k.waiting.label,
                       "actions": k.waiting.actions, "count": k.count, "overdue": k.overdue}
                      for k in queue.kinds],
            "items": [{"kind": i.waiting.key, "record_id": i.record.pk, "title": i.title, "url": i.url,
                       "due_at": i.due, "overdue": i.overdue} for i in queue.items[:60]]}


class SuperviseIn(Schema):
    kind: str = Field(..., max_length=120, description="待办类别（KindOut.key）")
    record_id: RecordId
    note: str = Field("", max_length=200, description="督办意见（可不填）")


class SupervisedOut(Schema):
    told: int = Field(..., description="收到督办消息的人数；今天已督办过则为 0")


@router.post("/todo/supervise", response={200: SupervisedOut, 422: ErrorOut}, summary="督办",
             description="对调用者待办中已超期的一件事项督办：经办人收到督办消息（每件每天一次），记审计。"
                         "不在调用者待办中的事项返回 404，未超期的返回 422。")
def supervise(request, body: SuperviseIn):
    return {"told": services.supervise(actor=request.actor, waiting_key=body.kind, pk=body.record_id,
                                       note=body.note)}


class MessageOut(Schema):
    id: int
    event: str = Field(..., description=EVENT_HELP)
    title: str
    body: str
    url: str
    created_at: IsoDateTime
    read_at: IsoDateTime | None = None


class MessagesOut(PageMeta):
    unread: int = Field(..., description="未读消息数")
    items: list[MessageOut]


class MessageQuery(PageParams):
    unread: bool = Field(False, description="只看未读")


@router.get("/messages", response=MessagesOut, summary="我的消息",
            description="调用者自己的消息，新的在前（与“消息”页面相同）。")
def my_messages(request, params: Query[MessageQuery]):
    page = paginate(selectors.inbox(request.user, only_unread=params.unread), params, lambda m: {
        "id": m.pk, "event": m.event, "title": m.title, "body": m.body, "url": m.url,
        "created_at": m.created_at, "read_at": m.read_at})
    return {**page, "unread": selectors.unread(request.user).count()}


class ReadIn(Schema):
    ids: list[RecordId] | None = Field(None, max_length=500,
                                       description="要标为已读的消息 id（至多 500 个）；不填则全部标为已读")


class ReadOut(Schema):
    marked: int


@router.post("/messages/read", response={200: ReadOut, 422: ErrorOut}, summary="标为已读",
             description="把调用者自己的消息标为已读；别人的消息 id 不起作用。")
def read_messages(request, body: ReadIn):
    return {"marked": services.mark_read(user=request.user, ids=body.ids)}


class PreferencesOut(Schema):
    channels: dict[str, str] = Field(..., description="可选渠道：键与名称，如 sms 短信")
    chosen: list[str] = Field(..., description="已开启的“渠道:类型”，如 sms:overdue；站内消息始终接收")


class PreferencesIn(Schema):
    chosen: list[str] = Field(..., max_length=100, description=f"要开启的“渠道:类型”。类型：{EVENT_HELP}")


def _preferences(user):
    return {"channels": {k: c.label for k, c in notify.channels().items()},
            "chosen": sorted(f"{c}:{e}" for c, e in services.preferences_of(user))}


@router.get("/messages/preferences", response=PreferencesOut, summary="通知设置",
            description="除站内消息外，调用者为每类消息另选的发送渠道。")
def get_preferences(request):
    return _preferences(request.user)


@router.post("/messages/preferences", response={200: PreferencesOut, 422: ErrorOut}, summary="修改通知设置",
            description="整体替换调用者的通知设置；未知的渠道或类型逐项返回 422，不作任何修改。记审计。")
def put_preferences(request, body: PreferencesIn):
    channels, events = notify.channels(), dict(EVENTS)
    chosen, errors = set(), []
    for n, value in enumerate(body.chosen):
        channel, _, event = value.partition(":")
        if channel not in channels or event not in events:
            errors.append(f"第 {n + 1} 项“{value[:40]}”：应为“渠道:类型”，渠道可选 {'、'.join(channels)}，"
                          f"类型可选 {'、'.join(events)}")
        chosen.add((channel, event))
    if errors:
        raise ValidationError({"chosen": errors})
    services.set_preferences(actor=request.actor, chosen=chosen, channels=list(channels))
    return _preferences(request.user)
