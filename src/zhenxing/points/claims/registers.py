"""积分申报's registers and writes, declared once: the API's lists, details and writes derive from these
(orgs.registers, orgs.actions), and the pages write through the same actions."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.orgs import access, names
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register
from zhenxing.people.models import PartyMember
from zhenxing.people.selectors import under_unit
from zhenxing.points.claims import selectors as sel
from zhenxing.points.claims import services
from zhenxing.points.claims.forms import ClaimForm, MeetingForm
from zhenxing.points.claims.models import Meeting
from zhenxing.points.claims.workflows import APPROVER, CLAIM, STATES


def _holder(c) -> str:
    if c.member_id:
        return c.member.person.name
    return c.household.number


def _roles(actor, claim) -> set[str]:
    """The workflow knows an approver by APPROVE_POINTS over the claim and the item's approver roles."""
    if claim.state == "proposed":
        return {APPROVER} if services.can_decide(actor, claim) else set()
    return {APPROVER} if actor.can(access.APPROVE_POINTS, claim.path) else set()


CLAIMS = Register(
    name="claims",
    title="积分申报",
    item="积分申报",
    rows=sel.claims,
    one=sel.claim,
    filter_class=sel.ClaimFilter,
    filters=(
        Filter("state", "状态", "select", tuple(STATES.items())),
        Filter("scheme", "积分方案（代码）"),
        Filter("village", "村/社区", "village"),
        Filter("q", "申报编号、户编号或党员姓名"),
    ),
    columns=(
        Column("申报编号", lambda c: c.code, key="code"),
        Column("积分方案", lambda c: c.scheme.name, key="scheme"),
        Column("积分对象类型", lambda c: "member" if c.member_id else "household", key="holder_kind"),
        Column("积分对象 id", lambda c: c.member_id or c.household_id, key="holder_id", kind=int),
        Column("积分对象", _holder, key="holder"),
        Column("积分条目", lambda c: c.item.name, key="item"),
        Column("类别", lambda c: c.item.category.name, key="category"),
        Column("数量", lambda c: c.quantity, key="quantity", kind=Decimal),
        Column("分值", lambda c: c.points, key="points", kind=int),
        Column("发生日期", lambda c: c.occurred_on, key="occurred_on", kind=date),
        Column("事由", lambda c: c.description, key="description"),
        Column("申报人", lambda c: names.name(c.proposed_by, "系统（活动生成）"), key="proposed_by"),
        Column("申报时间", lambda c: c.created_at, key="created_at", kind=datetime),
        Column("状态", lambda c: STATES.get(c.state, c.state), key="state_label"),
    ),
    url_of=lambda c: reverse("points:claim", args=[c.pk]),
    workflow=CLAIM,
    workflow_roles=_roles,
    description="权限范围内积分对象的申报（人员台账的范围）；不设默认状态（页面为审核人默认列出待审核）",
)


@dataclass
class MeetingFilter:
    kind: str = ""
    village: str = ""


def _meetings(actor, filters):
    qs = sel.meetings(actor=actor)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.village:
        qs = under_unit(qs, filters.village)
    return qs.prefetch_related("attendees__person")


def _meeting(actor, pk):
    found = _meetings(actor, MeetingFilter()).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


MEETINGS = Register(
    name="meetings",
    title="三会一课",
    item="三会一课记录",
    rows=_meetings,
    one=_meeting,
    filter_class=MeetingFilter,
    filters=(Filter("kind", "类型", "select", tuple(Meeting.KINDS)), Filter("village", "村/社区", "village")),
    columns=(
        Column("日期", lambda m: m.held_on, key="held_on", kind=date),
        Column("党组织", lambda m: m.branch.name, key="branch"),
        Column("党组织 id", lambda m: m.branch_id, key="branch_id", kind=int),
        Column("类型", lambda m: m.get_kind_display(), key="kind"),
        Column("主题", lambda m: m.topic, key="topic"),
        Column("出席党员", lambda m: "、".join(a.person.name for a in m.attendees.all()), key="attendees"),
    ),
    url_of=lambda m: reverse("points:meetings"),
)


def _propose(actor, form, record):
    d = form.cleaned_data
    holder = d["holder"]
    is_member = isinstance(holder, PartyMember)
    return services.propose(
        actor=actor, scheme=d["scheme"], item=d["item"], member=holder if is_member else None,
        household=None if is_member else holder, quantity=d["quantity"], occurred_on=d["occurred_on"],
        description=d["description"], uploads=form.files.getlist("photos") if form.files else [])


def _record_meeting(actor, form, record):
    d = form.cleaned_data
    return services.record_meeting(actor=actor, branch=d["branch"], kind=d["kind"], held_on=d["held_on"],
                                   topic=d["topic"], attendees=d["attendees"])


PROPOSE = Action("", "积分申报", ClaimForm, _propose, access.PROPOSE_POINTS, idempotent=True,
                 description="条目要求佐证材料时以 multipart/form-data 上传 photos（可多份）；"
                             "否则也可用 JSON 提交")
RECORD_MEETING = Action("", "记录三会一课", MeetingForm, _record_meeting, access.PROPOSE_POINTS)


def take_step(*, actor, record, transition, comment, data, uploads):
    """通过 / 不通过 / 冲正, as the claim page's buttons; the page's reason is the step's comment."""
    if transition == "approve":
        return services.approve(actor=actor, claim=record, comment=comment)
    run = services.reject if transition == "reject" else services.correct
    try:
        return run(actor=actor, claim=record, reason=comment)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
            raise ValidationError({"comment" if k == "reason" else k: v for k, v in exc.error_dict.items()}) \
                from None
        raise
