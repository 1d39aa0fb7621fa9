"""审计日志 over the API, for the security auditor (安全审计员) only: the events of the audit page
(orgs.audit_views) with its filters, scope and Chinese names (orgs.auditlog), one event with its place in
the hash chain, and the chain's verification (orgs.audit_verify)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from zhenxing.orgs import audit_verify, auditlog, selectors
from zhenxing.orgs.schemas import CURSOR_HELP, ErrorOut, IsoDateTime, PageMeta, PageParams, paginate

router = Router(tags=["审计日志"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WHO = ("只有安全审计员可用，范围与审计日志页面相同：本人管辖范围内的事件；管辖区县（或以上）的审计员还能看到"
       "不属于任何单位的事件（登录、账号和安全设置的变更）。无此权限返回 404。")
# A moment whose conversion to UTC would leave the calendar cannot be compared with a stored time.
EARLIEST, LATEST = 1900, 9998


class EventQuery(Schema):
    actor: str = Field("", description="操作人的姓名或账号（包含即可），如 王建国")
    actor_id: int | None = Field(None, description="操作人的用户 id（只看此人的操作）")
    unit: str = Field("", description="操作人单位：组织单元代码（含其下级单位和该单位的部门），"
                                      "或 dept:部门 id")
    action: str = Field("", description="操作：中文名称包含此文字（如 办结、查看身份证号），"
                                        "或操作代码以此开头（如 person.）")
    object_type: str = Field("", description="对象类型代码，如 governance.case（见事件的 object_type）")
    object_id: str = Field("", description="对象 id（与 object_type 一起即只看一个对象）")
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
    actor_name: str = Field(..., description="操作人的账号（记录时的登录名，计入哈希）")
    actor_display: str = Field(..., description="操作人姓名，如 王建国；系统操作为“系统”")
    actor_unit: str = Field(..., description="操作人的单位和角色，如 马刚村·村党组织书记；不明时为空")
    action: str = Field(..., description="操作代码，如 person.reveal、target.set")
    action_label: str = Field(..., description="操作的中文名称，如 查看身份证号和电话")
    object_type: str
    object_type_label: str = Field(..., description="对象类型的中文名称，如 人员")
    object_id: str
    object_repr: str = Field(..., description="对象（记录时的名称）")
    scope_path: str = Field(..., description="事件所属单位在组织树中的路径；为空表示不属于任何单位")
    changes: dict = Field(..., description="变更，形如 {字段: [原值, 新值]}，或操作的其他说明"
                                           "（原样，计入哈希）")
    changes_table: list["ChangeOut"] = Field(..., description="变更逐项列出（字段中文名、原值、新值），"
                                                              "与审计日志页面的变更表相同")
    ip: str


class ChangeOut(Schema):
    key: str = Field(..., description="变更中的键（字段名）")
    label: str = Field(..., description="字段的中文名称")
    before: str = Field(..., description="原值（change 为 false 时为空）")
    after: str = Field(..., description="新值；不是变更时即此项的值")
    change: bool = Field(..., description="是否为从原值到新值的变更")


EventOut.model_rebuild()


class VerifyOut(Schema):
    ok: bool | None = Field(..., description="审计链是否完整；转为后台校验（或后台校验未能完成）时为 null")
    queued: bool = Field(..., description="链较长，已转为后台校验；完成后用 GET /audit/verify 查看结果")
    summary: str = Field(..., description="结果的中文说明，如 审计链完整：第 1 至 1,024 号，"
                                          "共 1,024 条事件……")
    checked: int = Field(..., description="逐条核对无误的事件数")
    first_seq: int
    last_seq: int
    broken_seq: int | None = Field(None, description="首个有问题的事件序号；链完整时为 null")
    problems: list[str] = Field(..., description="发现的问题（中文），最多 20 条")
    verified_at: datetime | None = Field(None, description="校验时间")
    verified_by: str = Field(..., description="校验人（姓名和单位）")


class EventDetail(EventOut):
    prev_hash: str = Field(..., description="前一事件的哈希")
    hash: str = Field(..., description="本事件的哈希（含前一事件的哈希，改动任何一条都会断链）")
    scheme: int = Field(..., description="哈希方式：1=SHA-256（早期事件），2=使用审计密钥的 HMAC-SHA256")


class EventPage(PageMeta):
    items: list[EventOut]


def entry_out(entry: auditlog.Entry) -> dict:
    e = entry.event
    return {"id": e.pk, "seq": e.seq, "created_at": e.created_at, "actor_id": e.actor_id,
            "actor_name": e.actor_name, "actor_display": entry.actor, "actor_unit": entry.actor_place,
            "action": e.action, "action_label": entry.action, "object_type": e.object_type,
            "object_type_label": entry.object_type, "object_id": e.object_id, "object_repr": e.object_repr,
            "scope_path": e.scope_path, "changes": e.changes, "changes_table": [vars(r) for r in entry.rows],
            "ip": e.ip}


def events_out(events) -> list[dict]:
    return [entry_out(entry) for entry in auditlog.entries(events)]


def verification_out(v: audit_verify.Verification) -> dict:
    return {"ok": v.ok, "queued": v.queued, "summary": v.summary, "checked": v.checked,
            "first_seq": v.first_seq, "last_seq": v.last_seq, "broken_seq": v.broken_seq,
            "problems": v.problems, "verified_at": v.at, "verified_by": v.by}


def _in_calendar(name: str, moment: datetime | None) -> datetime | None:
    if moment is not None and not EARLIEST <= moment.year <= LATEST:
        raise ValidationError({name: f"时间应在 {EARLIEST} 年至 {LATEST} 年之间"})
    return moment


@router.get("/events", response={200: EventPage, **ERRORS}, summary="审计事件列表",
            description="审计日志的事件，可按操作人、操作、对象和时间段筛选（与审计日志页面的筛选相同）。"
                        "按页码分页时最新的在前；" + CURSOR_HELP + WHO)
def list_audit_events(request, filters: Query[EventQuery], pager: Query[PageParams]):
    unit = None
    if filters.unit:
        unit = selectors.audit_unit(actor=request.actor, code=filters.unit)
        if unit is None:
            raise ValidationError({"unit": f"找不到单位“{filters.unit}”，或它不在您的管辖范围内"})
    qs = selectors.audit_events(
        actor=request.actor, person=filters.actor, actor_id=filters.actor_id, unit=unit,
        object_type=filters.object_type, object_id=filters.object_id, obj=filters.object,
        action=filters.action, since=_in_calendar("from", filters.since),
        before=_in_calendar("to", filters.before))
    return paginate(qs, pager, many=events_out)


@router.get("/events/{event_id}", response={200: EventDetail, **ERRORS}, summary="审计事件详情",
            description="一条审计事件，含其在审计链中的哈希。事件不存在或不在调用者范围内均返回 404。" + WHO)
def get_audit_event(request, event_id: int):
    event = selectors.audit_events(actor=request.actor).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return {**events_out([event])[0], "prev_hash": event.prev_hash, "hash": event.hash,
            "scheme": event.scheme}


VERIFY_HOW = ("逐条重算每个事件的哈希（使用审计密钥）并与签名检查点核对，发现被改动、删除、插入的事件"
              "或被截断的链尾，与命令行 zhenxing audit verify 相同；"
              "校验本身记入审计日志（操作“校验审计链”）。")


@router.post("/verify", response={200: VerifyOut, 202: VerifyOut, **ERRORS}, summary="校验审计链",
             description="校验整条审计链并返回结果：完整，或首个有问题的事件序号及原因。" + VERIFY_HOW +
                         "链较长时转为后台校验，返回 202（queued 为 true），完成后用 GET /audit/verify 查看。"
                         "会话认证时须带 CSRF 令牌。" + WHO)
def verify_audit_chain(request):
    result = audit_verify.verify(actor=request.actor)
    return Status(202 if result.queued else 200, verification_out(result))


@router.get("/verify", response={200: VerifyOut, **ERRORS}, summary="最近一次审计链校验的结果",
            description="最近一次校验（任何审计员，在页面、接口或后台）的结果；后台校验进行中时 "
                        "queued 为 true；从未校验过时 ok 为 null，summary 为“尚未校验过审计链。”" + WHO)
def last_audit_verification(request):
    return verification_out(audit_verify.latest(actor=request.actor))
