"""有偿使用's register and writes, declared once: the pages, their Excel export and the API derive from these
(orgs.registers, orgs.actions)."""

from django.core.exceptions import ValidationError

from zhenxing.core.feedback import whole_number
from zhenxing.homestead.fees import selectors as sel
from zhenxing.homestead.fees import services
from zhenxing.homestead.fees.indicators import BILL_COLUMNS, bill_url
from zhenxing.homestead.fees.models import FeeBill, FeePayment
from zhenxing.homestead.fieldforms import Field, form_of
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.registers import Filter, Register

BILLS = Register(
    name="fee-bills",
    title="宅基地有偿使用费账单",
    item="有偿使用费账单",
    rows=sel.bills,
    one=sel.bill,
    filter_class=sel.BillFilter,
    filters=(
        Filter("q", "账单编号、户编号或户主"),
        Filter("village", "村/社区", "village"),
        Filter("year", "年度", "select", lambda actor: sel.bill_years(actor=actor)),
        Filter("reason", "收费事由", "select", tuple(FeeBill.REASONS)),
        Filter("status", "缴费状态", "select", tuple(FeeBill.STATUSES)),
    ),
    columns=BILL_COLUMNS,
    url_of=bill_url,
)

PayForm = form_of("PayForm", [
    Field("amount_yuan", "缴费金额（元）", "money"),
    Field("paid_on", "缴费日期", "date"),
    Field("receipt_number", "收据号"),
    Field("method", "缴费方式", "select", tuple(FeePayment.METHODS)),
])
ReduceForm = form_of("ReduceForm", [
    Field("reduce_amount_yuan", "减免金额（元）", "money"),
    Field("decided_on", "减免日期", "date"),
    Field("reason", "减免理由"),
])
IssueForm = form_of("IssueForm", [
    Field("village", "村/社区", help="您管辖的村（社区）的单位代码"),
    Field("year", "年度", help="如 2025"),
])


def _pay(actor, form, record):
    d = form.cleaned_data
    payment = services.record_payment(actor=actor, bill=record, amount=d["amount_yuan"], paid_on=d["paid_on"],
                                      receipt_number=d["receipt_number"], method=d["method"])
    return payment.bill


def _reduce(actor, form, record):
    d = form.cleaned_data
    reduction = services.reduce_bill(actor=actor, bill=record, amount=d["reduce_amount_yuan"],
                                      reason=d["reason"], decided_on=d["decided_on"])
    return reduction.bill


def issue(actor, form, record=None) -> dict:
    """The village's bills of the year: {"village", "year", "created", "skipped"}."""
    code, year = form.cleaned_data["village"].strip(), whole_number(form.cleaned_data["year"], 4)
    unit = OrgUnit.objects.filter(code=code, level="village").first()
    if unit is None or not actor.can(access.MANAGE_HOMESTEAD, unit.path):
        raise ValidationError({"village": "村/社区：请选择您管辖的村（社区）"})
    if year is None:
        raise ValidationError({"year": "年度：请选择年度"})
    return {"village": unit, "year": year, **services.issue_bills(actor=actor, village=unit, year=year)}


PAY = Action("pay", "登记缴费", PayForm, _pay, access.MANAGE_HOMESTEAD, idempotent=True,
             description="收据号不能重复；缴费金额不能超过未缴金额")
REDUCE = Action("reduce", "减免", ReduceForm, _reduce, access.MANAGE_HOMESTEAD, idempotent=True,
                description="减免金额不能超过未缴金额")
ISSUE = Action("issue", "开具年度账单", IssueForm, issue, access.MANAGE_HOMESTEAD)
