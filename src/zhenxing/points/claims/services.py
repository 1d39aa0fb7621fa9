"""Writes of 积分申报 (issue 5, "Earning"): proposing an entry for a party member or a household, approving
or rejecting it (core.workflow), correcting an approved one by a reversing ledger entry, proposals made
from team activities and branch meetings (三会一课), and recording a meeting.

Approval posts to the holder's ledger account of the year the claim happened in (points.accounts): the
only place balances live. A year's member account opens with the base points of the rule book in force
(the amounts: claims.posting).
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.core import attachments, audit, audit_labels, ledger, numbering, workflow
from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.governance.teams import selectors as team_selectors
from zhenxing.orgs import access
from zhenxing.orgs.access import role_label
from zhenxing.orgs.models import PartyOrg
from zhenxing.people.models import Household, PartyMember
from zhenxing.points import accounts
from zhenxing.points.claims.models import Claim, Meeting
from zhenxing.points.claims.posting import base_points, posting
from zhenxing.points.claims.workflows import APPROVER, CLAIM
from zhenxing.points.publish.selectors import year_closed
from zhenxing.points.rules import selectors as rules
from zhenxing.points.rules.models import RuleItem, Scheme

audit_labels.declare({
    "points.claim.propose": "申报积分",
    "points.claim.post": "积分入账",
    "points.claim.reversal": "积分冲正入账",
    "points.claim.generate": "按活动生成积分申报",
    "points.meeting.record": "登记三会一课",
}, keys={"holder": "积分账户", "item": "积分条目", "occurred_on": "发生日期", "evidence": "佐证材料数",
         "account": "积分账户", "balance_after": "入账后余额", "entry": "积分流水", "reversal": "冲正流水",
         "since": "起始日期", "proposed": "生成申报数", "skipped": "跳过数", "branch": "党支部",
         "held_on": "召开日期", "attendees": "参会党员"}, lists=("attendees",))

OWNER = "points.claim"  # attachments' owner type: a claim's evidence (佐证材料)
CODE_PREFIX = "JF"
MAX_QUANTITY = Decimal("1000")
COUNTED = ("proposed", "approved")  # what counts against an item's cap
PERIODS = {"month": "每月", "quarter": "每季度", "year": "每年"}
# governance Activity.kind -> RuleItem.source
SOURCE_OF_ACTIVITY = {"mission": "mission", "volunteer": "volunteer"}


# --- helpers --------------------------------------------------------------------------------------------

def _roles_over(actor, path: str) -> set[str]:
    return {g.role for g in actor.grants if path.startswith(g.path)}


def _role_names(roles) -> str:
    return "、".join(role_label(r) for r in roles)


def _user(actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def period_of(day: date, period: str) -> tuple[date, date]:
    """First and last day of the cap period (month, quarter, year) containing `day`."""
    if period == "month":
        return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])
    if period == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return date(day.year, first, 1), date(day.year, first + 2, monthrange(day.year, first + 2)[1])
    return date(day.year, 1, 1), date(day.year, 12, 31)


def _quantity(raw, item: RuleItem) -> Decimal:
    try:
        q = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"quantity": "数量应为数字"}) from None
    if not q.is_finite() or not Decimal("0") < q <= MAX_QUANTITY:
        raise ValidationError({"quantity": f"数量应大于 0 且不超过 {MAX_QUANTITY}"})
    if item.unit == "time" and q != q.to_integral_value():
        raise ValidationError({"quantity": f"“{item.name}”按次计分，次数应为整数"})
    if q != q.quantize(Decimal("0.1")):
        raise ValidationError({"quantity": "小时数最多保留一位小数"})
    return q.quantize(Decimal("0.1"))


def _holder_label(holder) -> str:
    return f"党员{holder.person.name}" if isinstance(holder, PartyMember) else f"农户{holder.number}"


# --- proposing ------------------------------------------------------------------------------------------

@transaction.atomic
def propose(*, actor, scheme: Scheme, item: RuleItem, member: PartyMember | None = None,
            household: Household | None = None, quantity=1, occurred_on: date | None,
            description: str, uploads=()) -> Claim:
    """A claim for one member or household; `uploads` are the evidence files (佐证材料)."""
    return _propose(actor=actor, scheme=scheme, item=item, member=member, household=household,
                    quantity=quantity, occurred_on=occurred_on, description=description, uploads=uploads)


def _propose(*, actor, scheme, item, member, household, quantity, occurred_on, description, uploads=(),
             source_ref: str | None = None) -> Claim:
    if (member is None) == (household is None):
        raise ValidationError({"holder": "请选择一名党员或一户农户"})
    holder = member or household
    access.require(actor, access.PROPOSE_POINTS, holder.path)
    errors = {}
    if not scheme.active:
        errors["scheme"] = f"积分方案“{scheme.name}”已停用"
    wanted = "member" if member is not None else "household"
    if scheme.subject != wanted:
        errors["holder"] = f"“{scheme.name}”的积分对象是{scheme.get_subject_display()}"
    if item.book.scheme_id != scheme.pk:
        errors["item"] = f"积分条目“{item.name}”不属于“{scheme.name}”"
    if occurred_on is None:
        errors["occurred_on"] = "请填写发生日期"
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "发生日期不能晚于今天"
    elif year_closed(scheme=scheme, year=occurred_on.year, path=holder.path):
        errors["occurred_on"] = f"{occurred_on.year}年度{scheme.name}已结算，不能再记入该年度"
    if not (description or "").strip():
        errors["description"] = "请填写事由"
    if errors:
        raise ValidationError(errors)
    if source_ref is None and item.proposers and not _roles_over(actor, holder.path) & set(item.proposers):
        raise ValidationError({"item": f"“{item.name}”只能由{_role_names(item.proposers)}申报"})
    if item.pk not in {i.pk for i in rules.items_at(scheme, holder.path, occurred_on)}:
        raise ValidationError({"item": f"“{item.name}”不在{_holder_label(holder)}所在单位 "
                                       f"{occurred_on:%Y-%m-%d} 施行的积分细则中"})
    q = _quantity(quantity, item)
    points = int((item.points * q).to_integral_value(rounding=ROUND_HALF_UP))
    if points == 0:
        raise ValidationError({"quantity": "按此数量计分为 0 分，无需申报"})
    if source_ref is None and item.evidence_required and not uploads:
        raise ValidationError({"uploads": f"“{item.name}”须上传佐证材料（照片或文件）"})
    # One holder's proposals queue here, so two at once cannot both slip under the cap.
    type(holder).objects.select_for_update().filter(pk=holder.pk).first()
    if item.cap:
        _check_cap(scheme, item, holder, occurred_on, points)
    if source_ref is not None and Claim.objects.filter(source_ref=source_ref).exists():
        raise ValidationError({"source": "该活动已生成过申报"})
    claim = Claim(scheme=scheme, item=item, member=member, household=household, quantity=q, points=points,
                  occurred_on=occurred_on, description=description.strip(), source_ref=source_ref,
                  proposed_by=_user(actor), path=holder.path)
    workflow.start(workflow=CLAIM, record=claim)
    numbering.save_with_code(claim, CODE_PREFIX, timezone.localdate().year)
    for upload in uploads:
        attachments.store(upload=upload, owner_type=OWNER, owner_id=str(claim.pk), scope_path=claim.path,
                          user=_user(actor))
    audit.record(actor=_user(actor), actor_name="" if _user(actor) else "system",
                 action="points.claim.propose", obj=claim,
                 changes={"holder": accounts.holder_key(holder), "item": item.code, "quantity": str(q),
                          "points": points, "occurred_on": occurred_on.isoformat(),
                          "source": source_ref or "", "evidence": len(uploads)})
    return claim


def _check_cap(scheme, item, holder, on: date, points: int) -> None:
    start, end = period_of(on, item.cap_period or "year")
    holder_filter = {"member": holder} if isinstance(holder, PartyMember) else {"household": holder}
    used = sum(abs(p) for p in Claim.objects.filter(
        scheme=scheme, item__code=item.code, state__in=COUNTED, occurred_on__range=(start, end),
        **holder_filter).values_list("points", flat=True))
    if used + abs(points) > item.cap:
        period = PERIODS.get(item.cap_period or "year", "每年")
        raise ValidationError({"quantity": (
            f"“{item.name}”{period}上限 {item.cap} 分：本期已申报或已通过 {used} 分，"
            f"本次 {abs(points)} 分将超过上限")})


# --- deciding -------------------------------------------------------------------------------------------

def can_decide(actor, claim: Claim) -> bool:
    """Whether the actor may approve or reject the claim (the buttons to show)."""
    if not actor.can(access.APPROVE_POINTS, claim.path):
        return False
    if _user(actor) is not None and claim.proposed_by_id == actor.user.pk:
        return False
    return not claim.item.approvers or bool(_roles_over(actor, claim.path) & set(claim.item.approvers))


def _check_approver(actor, claim: Claim, *, own: bool = True) -> None:
    if own and claim.proposed_by_id is not None and _user(actor) is not None \
            and claim.proposed_by_id == actor.user.pk:
        raise ValidationError({"approver": "申报人不能审核自己的申报"})
    item = claim.item
    if item.approvers and not _roles_over(actor, claim.path) & set(item.approvers):
        raise ValidationError({"approver": f"“{item.name}”须由{_role_names(item.approvers)}审核"})


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _sync(claim: Claim, locked: Claim) -> Claim:
    for name in ("state", "state_since", "due_at", "entry_id"):
        setattr(claim, name, getattr(locked, name))
    return claim


@transaction.atomic
def approve(*, actor, claim: Claim, comment: str = "") -> Claim:
    """Approve and post to the holder's account; a second click finds the claim approved and is refused,
    and the posting's key (`claim:<id>`) would return the first entry anyway."""
    access.require(actor, access.APPROVE_POINTS, claim.path)
    locked = _locked(claim)
    _check_approver(actor, locked)
    _refuse_closed_year(locked, "不能再记入该年度，请退回")
    workflow.advance(workflow=CLAIM, record=locked, transition="approve", user=_user(actor), roles={APPROVER},
                     comment=(comment or "").strip())
    entry = _post(actor, locked)
    locked.entry = entry
    locked.save(update_fields=["entry"])
    audit.record(actor=_user(actor), action="points.claim.post", obj=locked,
                 changes={"account": entry.account.book + "/" + entry.account.holder, "amount": entry.amount,
                          "balance_after": entry.balance_after, "entry": entry.pk})
    return _sync(claim, locked)


@transaction.atomic
def reject(*, actor, claim: Claim, reason: str) -> Claim:
    access.require(actor, access.APPROVE_POINTS, claim.path)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写不通过的理由"})
    locked = _locked(claim)
    _check_approver(actor, locked)
    workflow.advance(workflow=CLAIM, record=locked, transition="reject", user=_user(actor), roles={APPROVER},
                     comment=reason.strip())
    return _sync(claim, locked)


@transaction.atomic
def correct(*, actor, claim: Claim, reason: str) -> Claim:
    """冲正: undo an approved claim's entry by a reversing entry and mark the claim 已冲正."""
    access.require(actor, access.APPROVE_POINTS, claim.path)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写冲正理由"})
    locked = _locked(claim)
    _check_approver(actor, locked, own=False)
    _refuse_closed_year(locked, "不能冲正；如需更正，请在本年度申报扣分")
    workflow.advance(workflow=CLAIM, record=locked, transition="correct", user=_user(actor), roles={APPROVER},
                     comment=reason.strip())
    reversal = ledger.reverse(entry=locked.entry, actor=_user(actor),
                              memo=f"冲正 {locked.code}：{reason.strip()}",
                              insufficient="余额不足，无法冲正（积分可能已在积分超市兑换）")
    audit.record(actor=_user(actor), action="points.claim.reversal", obj=locked,
                 changes={"entry": locked.entry_id, "reversal": reversal.pk, "amount": reversal.amount,
                          "reason": reason.strip()})
    return _sync(claim, locked)


def _refuse_closed_year(claim: Claim, what: str) -> None:
    year = claim.occurred_on.year
    if year_closed(scheme=claim.scheme, year=year, path=claim.path):
        raise ValidationError({"occurred_on": f"{year}年度{claim.scheme.name}已结算，{what}"})


def _open_year(actor, scheme: Scheme, holder, account: LedgerAccount, year: int, on: date) -> None:
    """A year's first use opens the account with the base points, under the key the year close uses for
    the same opening (`opening:<account>`), so whichever comes first posts it once. Under a carrying
    scheme with last year's account, the close brings last year's balance instead: no base here."""
    if LedgerEntry.objects.filter(account=account).exists():
        return
    if scheme.year_end == "carry" and accounts.account_exists(scheme, holder, year - 1):
        return
    base = base_points(scheme, holder, year, on)
    if base:
        label = holder.classification_label if isinstance(holder, PartyMember) else "农户"
        ledger.post(account=account, amount=base, kind="opening", actor=_user(actor),
                    memo=f"{year}年基础分（{label}）", occurred_on=date(year, 1, 1),
                    key=f"opening:{account.pk}")


def _post(actor, claim: Claim) -> LedgerEntry:
    scheme, holder, year = claim.scheme, claim.holder, claim.occurred_on.year
    account = accounts.account(scheme, holder, year)
    _open_year(actor, scheme, holder, account, year, claim.occurred_on)
    current = LedgerAccount.objects.select_for_update().get(pk=account.pk)
    amount, memo = posting(claim, balance=current.balance, floor=current.floor)
    return ledger.post(account=current, amount=amount, kind="award" if claim.points > 0 else "deduct",
                       actor=_user(actor), category=claim.item.category.code, memo=memo,
                       ref=f"points.claim:{claim.pk}", occurred_on=claim.occurred_on, key=f"claim:{claim.pk}")


# --- proposals from activities --------------------------------------------------------------------------

@dataclass
class Generated:
    proposed: list[Claim] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, why)


def _source_item(schemes, path: str, on: date, source: str, cache: dict):
    for scheme in schemes:
        key = (scheme.pk, path, on)
        if key not in cache:
            cache[key] = rules.items_at(scheme, path, on)
        for item in cache[key]:
            if item.source == source:
                return scheme, item
    return None, None


@transaction.atomic
def propose_from_activities(*, actor, since: date) -> Generated:
    """Claims for party members' team missions and volunteer hours (governance) and branch meeting
    attendance held on or after `since`, in the actor's scope; each activity proposes once
    (`source_ref`), so running this again proposes nothing twice."""
    access.require(actor, access.PROPOSE_POINTS)
    if since is None:
        raise ValidationError({"since": "请填写起始日期"})
    schemes = list(Scheme.objects.filter(subject="member", active=True).order_by("code"))
    candidates = []  # (source_ref, member, source, hours, held_on, description)
    rows = list(team_selectors.hours_since(actor=actor, since=since, capability=access.PROPOSE_POINTS))
    members = {m.person_id: m for m in PartyMember.objects.filter(person_id__in={h.person_id for h in rows})
               .select_related("person")}
    for h in rows:
        member = members.get(h.person_id)
        if member is not None and h.hours > 0:
            a = h.activity
            text = f"{a.get_kind_display()}：{a.title}（{a.team.name}，{h.hours} 小时）"
            ref = f"governance.activityhours:{h.pk}"
            candidates.append((ref, member, SOURCE_OF_ACTIVITY[a.kind], h.hours, a.held_on, text))
    meetings = access.scoped(Meeting.objects.filter(held_on__gte=since), actor, access.PROPOSE_POINTS)
    for m in meetings.prefetch_related("attendees__person").order_by("held_on", "pk"):
        for member in m.attendees.all():
            if actor.can(access.PROPOSE_POINTS, member.path):
                candidates.append((f"points.meeting:{m.pk}:{member.pk}", member, "attendance", Decimal(1),
                                   m.held_on, f"三会一课出勤：{m.get_kind_display()}（{m.topic}）"))
    done = set(Claim.objects.filter(source_ref__in=[c[0] for c in candidates]).values_list("source_ref",
                                                                                           flat=True))
    result, cache = Generated(), {}
    today = timezone.localdate()
    for ref, member, source, hours, on, description in candidates:
        if ref in done or on > today:
            continue
        scheme, item = _source_item(schemes, member.path, on, source, cache)
        if item is None:
            label = dict(RuleItem.SOURCES)[source]
            result.skipped.append((ref, f"{on:%Y-%m-%d} 施行的积分细则中没有“{label}”条目"))
            continue
        quantity = hours if item.unit == "hour" else 1
        try:
            with transaction.atomic():
                claim = _propose(actor=actor, scheme=scheme, item=item, member=member, household=None,
                                 quantity=quantity, occurred_on=on, description=description, source_ref=ref)
        except (ValidationError, IntegrityError) as exc:
            why = "；".join(exc.messages) if isinstance(exc, ValidationError) else "已生成过申报"
            result.skipped.append((ref, why))
            continue
        result.proposed.append(claim)
    audit.record(actor=_user(actor), actor_name="" if _user(actor) else "system",
                 action="points.claim.generate", object_type="points.claim",
                 scope_path=(actor.paths(access.PROPOSE_POINTS) or [""])[0],
                 changes={"since": since.isoformat(), "proposed": len(result.proposed),
                          "skipped": len(result.skipped)})
    return result


# --- 三会一课 ---------------------------------------------------------------------------------------------

@transaction.atomic
def record_meeting(*, actor, branch: PartyOrg, kind: str, held_on: date | None, topic: str,
                   attendees: list[PartyMember]) -> Meeting:
    access.require(actor, access.PROPOSE_POINTS, branch.path)
    errors = {}
    if kind not in dict(Meeting.KINDS):
        errors["kind"] = "请选择会议类型（党员大会、支委会、党小组会、党课）"
    if held_on is None:
        errors["held_on"] = "请填写会议日期"
    elif held_on > timezone.localdate():
        errors["held_on"] = "会议日期不能晚于今天"
    if not (topic or "").strip():
        errors["topic"] = "请填写会议主题"
    if not attendees:
        errors["attendees"] = "请至少选择一名出席党员"
    elif any(a.branch_id != branch.pk for a in attendees):
        errors["attendees"] = f"出席党员须为{branch.name}的党员"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(branch=branch, path=branch.path, kind=kind, held_on=held_on,
                                     topic=topic.strip()[:200], recorded_by=_user(actor))
    meeting.attendees.set(attendees)
    audit.record(actor=_user(actor), action="points.meeting.record", obj=meeting,
                 changes={"branch": branch.pk, "kind": kind, "held_on": held_on.isoformat(),
                          "attendees": sorted(a.pk for a in attendees)})
    return meeting
