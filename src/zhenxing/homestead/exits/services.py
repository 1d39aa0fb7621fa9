"""自愿有偿退出: filing, valuation, and the steps of exits.workflows.EXIT up to the collective's recovery.

A household may keep its 资格权 (保留资格权: it may apply for a homestead again later); then nothing
is paid for the 资格权, only for the house, the land and any reward.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.core import audit, audit_labels, workflow
from zhenxing.core.numbering import save_with_code
from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.homestead.exits.workflows import EXIT, MANAGER, STREET, VILLAGE
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.homestead.values import money
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor

# A village's path has five parts (province/city/county/town/village); grids and groups have six.
VILLAGE_DEPTH = 5
OPEN_STATES = ("draft", "reviewing", "approved", "compensated")
VALUES = (
    ("house_value_yuan", "房屋价值"),
    ("land_value_yuan", "土地价值"),
    ("eligibility_value_yuan", "资格权价值"),
    ("reward_yuan", "奖励"),
)

audit_labels.declare({
    "homestead.exit.file": "登记退出申请",
    "homestead.exit.edit": "修改退出申请",
    "homestead.exit.compensation_paid": "登记补偿款发放",
    "homestead.exit.parcel_recovered": "退出宗地由集体收回",
}, keys={"paid_on": "发放日期"})


def _depth(path: str) -> int:
    return path.count("/")


def roles_over(actor: Actor, path: str) -> set[str]:
    """The parts of the exit workflow the actor plays over an application on this (village) path."""
    roles = set()
    for g in actor.grants:
        if not path.startswith(g.path) and not g.path.startswith(path):
            continue
        at_village = g.path.startswith(path)  # a grant at the village itself (or below it)
        if at_village and g.capabilities & {access.APPLY_HOMESTEAD, access.MANAGE_HOMESTEAD}:
            roles.add(VILLAGE)
        if not at_village and access.REVIEW_HOMESTEAD in g.capabilities:
            roles.add(STREET)
        if path.startswith(g.path) and access.MANAGE_HOMESTEAD in g.capabilities:
            roles.add(MANAGER)
    return roles


def can_file(actor: Actor, path: str | None = None) -> bool:
    """Whether the actor files exits for the village on `path` (for any village, without a path)."""
    if path is not None:
        return VILLAGE in roles_over(actor, path) and actor.can(access.VIEW_PEOPLE, path)
    return any(
        _depth(g.path) >= VILLAGE_DEPTH
        and g.capabilities & {access.APPLY_HOMESTEAD, access.MANAGE_HOMESTEAD}
        and access.VIEW_PEOPLE in g.capabilities
        for g in actor.grants
    )


@dataclass
class Valuation:
    house_value_yuan: object
    land_value_yuan: object
    eligibility_value_yuan: object
    reward_yuan: object
    keeps_eligibility: bool
    reason: str = ""


def _valued(v: Valuation) -> dict:
    errors, fields = {}, {}
    for name, label in VALUES:
        try:
            fields[name] = money(getattr(v, name), name, label)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if v.keeps_eligibility and fields.get("eligibility_value_yuan"):
        errors["eligibility_value_yuan"] = ["保留资格权时不补偿资格权价值，资格权价值应为0"]
    if len((v.reason or "").strip()) > 200:
        errors["reason"] = ["退出原因不能超过200字"]
    if errors:
        raise ValidationError(errors)
    fields["total_yuan"] = sum((fields[name] for name, _ in VALUES), Decimal("0"))
    if fields["total_yuan"] <= 0:
        raise ValidationError({"house_value_yuan": "补偿总额应大于0：请填写房屋、土地价值等评估金额"})
    fields["keeps_eligibility"] = bool(v.keeps_eligibility)
    fields["reason"] = (v.reason or "").strip()
    return fields


@transaction.atomic
def file_exit(*, actor, parcel: Parcel, valuation: Valuation) -> ExitApplication:
    """A new application (待提交) for the parcel's household, filed by its village."""
    access.require(actor, access.VIEW_PEOPLE, parcel.path)
    if not can_file(actor, parcel.path):
        raise ValidationError({"parcel": "只有宗地所在村（社区）可以申报自愿有偿退出"})
    fields = _valued(valuation)
    locked = Parcel.objects.select_for_update(of=("self",)).select_related("household").get(pk=parcel.pk)
    if locked.household_id is None:
        raise ValidationError({"parcel": f"宗地 {locked.code} 没有登记权利人户，无需退出"})
    open_exit = ExitApplication.objects.filter(parcel=locked, state__in=OPEN_STATES).first()
    if open_exit:
        raise ValidationError({"parcel": f"宗地 {locked.code} 已有办理中的退出申请 {open_exit.code}"})
    today = timezone.localdate()
    if TransferContract.objects.filter(
        parcel=locked, kind="mortgage", terminated_on__isnull=True, ends_on__gte=today
    ).exists():
        raise ValidationError({"parcel": f"宗地 {locked.code} 有生效的抵押合同，须先解除抵押"})
    record = ExitApplication(
        parcel=locked,
        household_id=locked.household_id,
        village_id=locked.village_id,
        path=locked.path,
        area_m2=locked.area_m2,
        created_by=actor.user,
        **fields,
    )
    workflow.start(workflow=EXIT, record=record)
    save_with_code(record, "TC", today.year)
    audit.record(
        actor=actor.user,
        action="homestead.exit.file",
        obj=record,
        changes={"parcel": locked.code, "household": locked.household.number, **fields},
    )
    return record


@transaction.atomic
def edit_exit(*, actor, record: ExitApplication, valuation: Valuation) -> ExitApplication:
    access.require(actor, access.VIEW_PEOPLE, record.path)
    if VILLAGE not in roles_over(actor, record.path):
        raise ValidationError({"state": "只有宗地所在村（社区）可以修改退出申请"})
    fields = _valued(valuation)
    locked = ExitApplication.objects.select_for_update().get(pk=record.pk)
    if locked.state != "draft":
        raise ValidationError({"state": f"申请已{EXIT.states[locked.state]}，只有待提交的申请可以修改"})
    before = {name: getattr(locked, name) for name in fields}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    audit.record(
        actor=actor.user, action="homestead.exit.edit", obj=locked, changes=audit.diff(before, fields)
    )
    return locked


def _payment(locked: ExitApplication, amount, paid_on) -> tuple[Decimal, date]:
    amount = money(amount, "amount", "补偿金额", positive=True)
    if amount > locked.total_yuan:
        raise ValidationError({"amount": f"补偿金额 {amount} 元超过评估补偿总额 {locked.total_yuan} 元"})
    if not isinstance(paid_on, date):
        raise ValidationError({"paid_on": "支付日期：请填写日期（如 2024-05-01）"})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "支付日期不能晚于今天"})
    return amount, paid_on


def _recover(locked: ExitApplication, today: date) -> dict:
    parcel = Parcel.objects.select_for_update().get(pk=locked.parcel_id)
    if parcel.household_id != locked.household_id:
        raise ValidationError({"transition": f"宗地 {parcel.code} 已不属于申请户，不能收回（请核实）"})
    before = {"household": parcel.household_id, "use_status": parcel.use_status}
    parcel.household = None
    # A house in use becomes idle: the family has left and the collective holds it until it is allotted
    # again or revitalised. A revitalised one stays so: the operator's project goes on under the
    # collective (a contract the family signed is the collective's to settle), and idle stays idle.
    if parcel.use_status == "in_use":
        parcel.use_status = "idle"
    parcel.save(update_fields=["household", "use_status"])
    locked.recovered_on = today
    locked.save(update_fields=["recovered_on"])
    return {"parcel": parcel.code, **audit.diff(before, {"household": None, "use_status": parcel.use_status})}


@transaction.atomic
def advance_exit(
    *,
    actor,
    record: ExitApplication,
    transition: str,
    comment: str = "",
    amount=None,
    paid_on: date | None = None,
) -> ExitApplication:
    """Take one step of EXIT as the actor; pay records the compensation, recover frees the parcel."""
    access.require(actor, access.VIEW_PEOPLE, record.path)
    step = EXIT.transition(transition)
    roles = roles_over(actor, record.path)
    if not step.roles & roles:
        raise ValidationError({"transition": f"您的角色不能执行“{step.label}”"})
    locked = ExitApplication.objects.select_for_update().get(pk=record.pk)
    data = {}
    if transition == "pay" and locked.state in step.sources:
        amount, paid_on = _payment(locked, amount, paid_on)
        data = {"amount": str(amount), "paid_on": paid_on.isoformat()}
    workflow.advance(
        workflow=EXIT,
        record=locked,
        transition=transition,
        user=actor.user,
        roles=roles,
        comment=comment,
        data=data,
    )
    if transition == "pay":
        locked.compensation_paid_yuan, locked.compensation_paid_on = amount, paid_on
        locked.save(update_fields=["compensation_paid_yuan", "compensation_paid_on"])
        audit.record(
            actor=actor.user,
            action="homestead.exit.compensation_paid",
            obj=locked,
            changes={"amount": amount, "paid_on": paid_on},
        )
    elif transition == "recover":
        changes = _recover(locked, timezone.localdate())
        audit.record(actor=actor.user, action="homestead.exit.parcel_recovered", obj=locked, changes=changes)
    return locked
