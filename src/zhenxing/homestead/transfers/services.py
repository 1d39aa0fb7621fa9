"""流转: contracts leasing, transferring, pledging as shares or mortgaging a parcel's use rights and houses.

The transferor is always the parcel's household at signing. Only one lease, transfer or share contract
may hold a parcel at a time (the parcel row is locked while that is checked, so two clerks cannot both
sign); a mortgage sits alongside them, as the regional ledger counts mortgages apart.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhenxing.core import audit, audit_labels, personal
from zhenxing.core.numbering import save_with_code
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.homestead.values import add_years, check_party_id, money, require_date
from zhenxing.orgs import access

MAX_LEASE_YEARS = 20
AUDITED = (
    "kind",
    "transferee_name",
    "transferee_kind",
    "transferee_id_shown",
    "transferee_member",
    "purpose",
    "starts_on",
    "ends_on",
    "rent_yuan",
    "payment_cycle",
)

audit_labels.declare({
    "homestead.transfer.create": "登记流转合同",
    "homestead.transfer.update": "修改流转合同",
    "homestead.transfer.terminate": "终止流转合同",
}, keys={"terminated_on": "终止日期", "termination_reason": "终止原因"})


@dataclass
class TransferTerms:
    kind: str
    transferee_name: str
    transferee_kind: str
    transferee_id: str
    transferee_member: bool
    purpose: str
    starts_on: date | None
    ends_on: date | None
    rent_yuan: object
    payment_cycle: str


def _choice(value: str, choices, field: str, label: str) -> str:
    if value not in dict(choices):
        raise ValidationError({field: f"请选择{label}"})
    return value


def _checked(terms: TransferTerms) -> dict:
    """The contract's fields from the terms, or every problem at once as a ValidationError."""
    errors, fields = {}, {}
    checks = (
        ("kind", lambda: _choice(terms.kind, TransferContract.KINDS, "kind", "流转方式")),
        (
            "transferee_kind",
            lambda: _choice(
                terms.transferee_kind, TransferContract.PARTY_KINDS, "transferee_kind", "流入方类型"
            ),
        ),
        ("purpose", lambda: _choice(terms.purpose, TransferContract.PURPOSES, "purpose", "用途")),
        (
            "payment_cycle",
            lambda: _choice(terms.payment_cycle, TransferContract.CYCLES, "payment_cycle", "支付方式"),
        ),
        ("starts_on", lambda: require_date(terms.starts_on, "starts_on", "起始日期")),
        ("ends_on", lambda: require_date(terms.ends_on, "ends_on", "终止日期")),
        ("rent_yuan", lambda: money(terms.rent_yuan, "rent_yuan", "年租金", positive=terms.kind == "lease")),
    )
    for name, check in checks:
        try:
            fields[name] = check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    name = (terms.transferee_name or "").strip()
    if not name:
        errors["transferee_name"] = ["流入方名称：请填写个人姓名或企业名称"]
    elif len(name) > 100:
        errors["transferee_name"] = ["流入方名称不能超过100字"]
    fields["transferee_name"] = name
    if "transferee_kind" in fields:
        try:
            fields["transferee_id"] = check_party_id(fields["transferee_kind"], terms.transferee_id)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    start, end = fields.get("starts_on"), fields.get("ends_on")
    if start and end:
        if end <= start:
            errors["ends_on"] = ["终止日期应晚于起始日期"]
        elif fields.get("kind") == "lease" and end > add_years(start, MAX_LEASE_YEARS):
            latest = add_years(start, MAX_LEASE_YEARS)
            errors["ends_on"] = [f"出租期限不得超过{MAX_LEASE_YEARS}年，终止日期最晚为 {latest:%Y-%m-%d}"]
    if errors:
        raise ValidationError(errors)
    fields["transferee_member"] = bool(terms.transferee_member)
    return fields


def _apply(contract: TransferContract, fields: dict) -> None:
    party_id = fields.pop("transferee_id")
    if fields["transferee_kind"] == "person":
        personal.store(contract, "transferee_id", party_id)
    else:
        personal.store(contract, "transferee_id", "")
        contract.transferee_id_shown = party_id  # an enterprise's credit code is public
    for name, value in fields.items():
        setattr(contract, name, value)


def _check_no_overlap(contract: TransferContract) -> None:
    if contract.kind == "mortgage":
        return
    clash = (
        TransferContract.objects.filter(parcel_id=contract.parcel_id, terminated_on__isnull=True)
        .exclude(kind="mortgage")
        .exclude(pk=contract.pk)
        .filter(Q(starts_on__lte=contract.ends_on) & Q(ends_on__gte=contract.starts_on))
        .first()
    )
    if clash:
        raise ValidationError(
            {
                "starts_on": f"宗地 {contract.parcel.code} 在 {clash.starts_on:%Y-%m-%d} 至 "
                f"{clash.ends_on:%Y-%m-%d} 已有{clash.get_kind_display()}合同 {clash.code}，期限不能重叠"
            }
        )


def _snapshot(contract: TransferContract) -> dict:
    return {name: getattr(contract, name) for name in AUDITED}


@transaction.atomic
def create_transfer(*, actor, parcel: Parcel, terms: TransferTerms) -> TransferContract:
    access.require(actor, access.MANAGE_HOMESTEAD, parcel.path)
    fields = _checked(terms)
    locked = Parcel.objects.select_for_update(of=("self",)).select_related("household").get(pk=parcel.pk)
    if locked.household_id is None:
        raise ValidationError({"parcel": f"宗地 {locked.code} 没有登记权利人户，不能流转"})
    contract = TransferContract(
        parcel=locked,
        village_id=locked.village_id,
        path=locked.path,
        household_id=locked.household_id,
        created_by=actor.user,
    )
    _apply(contract, fields)
    _check_no_overlap(contract)
    save_with_code(contract, "LZ", contract.starts_on.year)
    audit.record(
        actor=actor.user,
        action="homestead.transfer.create",
        obj=contract,
        changes={"parcel": locked.code, "household": locked.household.number, **_snapshot(contract)},
    )
    return contract


@transaction.atomic
def update_transfer(*, actor, contract: TransferContract, terms: TransferTerms) -> TransferContract:
    access.require(actor, access.MANAGE_HOMESTEAD, contract.path)
    if (
        not (terms.transferee_id or "").strip()
        and terms.transferee_kind == contract.transferee_kind == "person"
    ):
        # The form never shows a person's ID number back; left blank, it stays as it was.
        terms.transferee_id = personal.reveal(contract, "transferee_id")
    fields = _checked(terms)
    Parcel.objects.select_for_update().filter(pk=contract.parcel_id).first()
    locked = (
        TransferContract.objects.select_for_update(of=("self",)).select_related("parcel").get(pk=contract.pk)
    )
    if locked.terminated_on:
        raise ValidationError({"terminated_on": f"合同 {locked.code} 已终止，不能修改"})
    before = _snapshot(locked)
    _apply(locked, fields)
    _check_no_overlap(locked)
    locked.save()
    audit.record(
        actor=actor.user,
        action="homestead.transfer.update",
        obj=locked,
        changes=audit.diff(before, _snapshot(locked)),
    )
    return locked


@transaction.atomic
def terminate_transfer(
    *, actor, contract: TransferContract, terminated_on: date | None, reason: str
) -> TransferContract:
    """解除: ends a contract before its term; an expired contract needs nothing (expiry is a date)."""
    access.require(actor, access.MANAGE_HOMESTEAD, contract.path)
    locked = TransferContract.objects.select_for_update().get(pk=contract.pk)
    errors = {}
    if locked.terminated_on:
        errors["terminated_on"] = [f"合同 {locked.code} 已于 {locked.terminated_on:%Y-%m-%d} 终止"]
    elif not isinstance(terminated_on, date):
        errors["terminated_on"] = ["解除日期：请填写日期（如 2024-05-01）"]
    elif terminated_on < locked.starts_on:
        errors["terminated_on"] = ["解除日期不能早于合同起始日期"]
    elif terminated_on > timezone.localdate():
        errors["terminated_on"] = ["解除日期不能晚于今天"]
    if not (reason or "").strip():
        errors["termination_reason"] = ["解除原因：请填写"]
    if errors:
        raise ValidationError(errors)
    locked.terminated_on, locked.termination_reason = terminated_on, reason.strip()[:200]
    locked.save(update_fields=["terminated_on", "termination_reason"])
    audit.record(
        actor=actor.user,
        action="homestead.transfer.terminate",
        obj=locked,
        changes={"terminated_on": terminated_on, "termination_reason": locked.termination_reason},
    )
    return locked


def terms_of(contract: TransferContract) -> dict:
    """The contract's terms as a form shows them (the person's ID number is not shown back)."""
    terms = TransferTerms(
        kind=contract.kind,
        transferee_name=contract.transferee_name,
        transferee_kind=contract.transferee_kind,
        transferee_id="" if contract.transferee_kind == "person" else contract.transferee_id_shown,
        transferee_member=contract.transferee_member,
        purpose=contract.purpose,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        rent_yuan=contract.rent_yuan,
        payment_cycle=contract.payment_cycle,
    )
    return asdict(terms)
