"""流转's registers and writes, declared once: the pages, their Excel exports and the API derive from these
(orgs.registers, orgs.actions)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhenxing.core.indicators import Column
from zhenxing.homestead.fieldforms import Field, form_of
from zhenxing.homestead.parcels import selectors as parcel_selectors
from zhenxing.homestead.transfers import selectors as sel
from zhenxing.homestead.transfers import services
from zhenxing.homestead.transfers.indicators import TRANSFER_COLUMNS, transfer_url
from zhenxing.homestead.transfers.models import TransferContract as Contract
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

TRANSFERS = Register(
    name="transfers",
    title="宅基地流转合同台账",
    item="流转合同",
    rows=sel.transfers,
    one=sel.transfer,
    filter_class=sel.TransferFilter,
    filters=(
        Filter("q", "合同编号、宗地代码或流入方"),
        Filter("village", "村/社区", "village"),
        Filter("kind", "流转方式", "select", tuple(Contract.KINDS)),
        Filter("purpose", "用途", "select", tuple(Contract.PURPOSES)),
        Filter("status", "状态", "select", tuple(Contract.STATUSES)),
    ),
    columns=TRANSFER_COLUMNS,
    url_of=transfer_url,
)


@dataclass
class ExpiringFilter:
    village: str = ""
    which: str = ""


def _expiring(*, actor, filters: ExpiringFilter):
    return sel.expiring(actor=actor, village=filters.village, which=filters.which)


EXPIRING = Register(
    name="expiring-transfers",
    title="流转合同到期提醒",
    item="流转合同",
    rows=_expiring,
    filter_class=ExpiringFilter,
    filters=(
        Filter("village", "村/社区", "village"),
        Filter("which", "到期情况", "select", tuple(sel.EXPIRY_CHOICES)),
    ),
    columns=(
        *TRANSFER_COLUMNS,
        Column("剩余天数", lambda c: (c.ends_on - timezone.localdate()).days, key="days_left", kind=int),
    ),
    url_of=transfer_url,
    description=f"权限范围内未解除、{sel.EXPIRY_WINDOW_DAYS}天内到期或已到期的合同，最早到期的在前",
)

TERMS_FIELDS = [
    Field("kind", "流转方式", "select", tuple(Contract.KINDS)),
    Field("transferee_name", "流入方名称", help="个人姓名或企业名称"),
    Field("transferee_kind", "流入方类型", "select", tuple(Contract.PARTY_KINDS)),
    Field("transferee_id", "证件号码", help="个人填18位身份证号，企业填18位统一社会信用代码"),
    Field("transferee_member", "流入方为本集体经济组织成员", "checkbox", required=False),
    Field("purpose", "用途", "select", tuple(Contract.PURPOSES)),
    Field("starts_on", "起始日期", "date"),
    Field("ends_on", "终止日期", "date", help="出租期限不超过20年"),
    Field("rent_yuan", "年租金（元）", "money", help="抵押可填0"),
    Field("payment_cycle", "支付方式", "select", tuple(Contract.CYCLES)),
]
PARCEL_FIELD = Field("parcel", "宗地代码", help="19位宗地代码；流出方为该宗地的权利人户")
TERMINATE_FIELDS = [
    Field("terminated_on", "解除日期", "date"),
    Field("termination_reason", "解除原因"),
]

NewTransferForm = form_of("NewTransferForm", [PARCEL_FIELD, *TERMS_FIELDS])
TermsForm = form_of("TermsForm", TERMS_FIELDS)
TerminateForm = form_of("TerminateForm", TERMINATE_FIELDS)


def terms(data: dict) -> services.TransferTerms:
    return services.TransferTerms(**{f.name: data.get(f.name) for f in TERMS_FIELDS})


def _create(actor, form, record):
    code = form.cleaned_data["parcel"]
    parcel = parcel_selectors.parcel_by_code(actor=actor, code=code)
    if parcel is None:
        raise ValidationError({"parcel": f"宗地代码：在您的管辖范围内找不到宗地“{code.strip()}”"})
    if not actor.can(access.MANAGE_HOMESTEAD, parcel.path):
        raise ValidationError({"parcel": "宗地代码：您不能为该宗地办理流转"})
    return services.create_transfer(actor=actor, parcel=parcel, terms=terms(form.cleaned_data))


def _edit(actor, form, record):
    return services.update_transfer(actor=actor, contract=record, terms=terms(form.cleaned_data))


def _terminate(actor, form, record):
    d = form.cleaned_data
    return services.terminate_transfer(actor=actor, contract=record, terminated_on=d["terminated_on"],
                                       reason=d["termination_reason"])


ADD_TRANSFER = Action("", "新建流转合同", NewTransferForm, _create, access.MANAGE_HOMESTEAD, idempotent=True,
                      description="流出方为宗地的权利人户")
EDIT_TRANSFER = Action("edit", "修改流转合同", TermsForm, _edit, access.MANAGE_HOMESTEAD,
                       description="个人流入方的证件号码不修改时留空")
TERMINATE_TRANSFER = Action("terminate", "解除流转合同", TerminateForm, _terminate, access.MANAGE_HOMESTEAD)
