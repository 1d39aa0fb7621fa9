"""有偿使用 pages: the bill register, a bill with its payments and reductions, and the yearly issue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.homestead.fees import selectors
from zhenxing.homestead.fees.indicators import BILL_COLUMNS, bill_url
from zhenxing.homestead.fees.models import FeeBill, FeePayment
from zhenxing.homestead.fees.services import RATE_RULES, issue_bills, record_payment, reduce_bill
from zhenxing.homestead.fieldforms import Field, errors_of, render_form
from zhenxing.homestead.fieldforms import parse_date as _date
from zhenxing.homestead.policies import rules
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.registers import query_filter, register_page


def fee_bills(request):
    f = query_filter(selectors.BillFilter, request.GET)
    links = []
    if request.actor.can(access.MANAGE_HOMESTEAD):
        links.append((reverse("homestead:fee_issue"), "开具年度账单"))
    return register_page(
        request,
        title="宅基地有偿使用费账单",
        queryset=selectors.bills(actor=request.actor, filters=f),
        columns=BILL_COLUMNS,
        url_of=bill_url,
        filters=[
            ("q", "账单编号、户编号或户主", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("year", "年度", "select", selectors.bill_years(actor=request.actor), f.year),
            ("reason", "收费事由", "select", FeeBill.REASONS, f.reason),
            ("status", "缴费状态", "select", FeeBill.STATUSES, f.status),
        ],
        links=links,
    )


def fee_bill(request, pk):
    bill = selectors.bill(actor=request.actor, pk=pk)
    return render(
        request,
        "homestead/fees/bill.html",
        {
            "bill": bill,
            "payments": bill.payments.select_related("recorded_by"),
            "reductions": bill.reductions.select_related("recorded_by"),
            "methods": FeePayment.METHODS,
            "can_manage": request.actor.can(access.MANAGE_HOMESTEAD, bill.path) and bill.outstanding_yuan > 0,
            "today": timezone.localdate(),
        },
    )


@require_POST
def fee_pay(request, pk):
    bill = selectors.bill(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, bill.path)
    p = request.POST
    try:
        payment = record_payment(
            actor=request.actor,
            bill=bill,
            amount=p.get("amount_yuan", ""),
            paid_on=_date(p.get("paid_on")),
            receipt_number=p.get("receipt_number", ""),
            method=p.get("method", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已登记缴费 {payment.amount_yuan} 元（收据号 {payment.receipt_number}）。")
    return redirect(bill_url(bill))


@require_POST
def fee_reduce(request, pk):
    bill = selectors.bill(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, bill.path)
    p = request.POST
    try:
        reduction = reduce_bill(
            actor=request.actor,
            bill=bill,
            amount=p.get("reduce_amount_yuan", ""),
            reason=p.get("reason", ""),
            decided_on=_date(p.get("decided_on")),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已减免 {reduction.amount_yuan} 元。")
    return redirect(bill_url(bill))


def fee_issue(request):
    actor = request.actor
    access.require(actor, access.VIEW_PEOPLE)
    access.require(actor, access.MANAGE_HOMESTEAD)
    villages = list(
        org_selectors.villages(actor=actor, capability=access.MANAGE_HOMESTEAD).values_list("code", "name")[
            :2000
        ]
    )
    this_year = timezone.localdate().year
    fields = [
        Field("village", "村/社区", "select", tuple(villages)),
        Field(
            "year", "年度", "select", tuple((str(y), f"{y}年") for y in range(this_year, this_year - 5, -1))
        ),
    ]
    values, errors = {"year": str(this_year)}, {}
    if request.method == "POST":
        values = request.POST.dict()
        unit = OrgUnit.objects.filter(code=values.get("village", ""), level="village").first()
        year = values.get("year", "")
        if unit is None or not actor.can(access.MANAGE_HOMESTEAD, unit.path):
            errors = {"village": ["村/社区：请选择您管辖的村（社区）"]}
        elif whole_number(year, 4) is None:
            errors = {"year": ["年度：请选择年度"]}
        else:
            try:
                result = issue_bills(actor=actor, village=unit, year=whole_number(year, 4))
            except ValidationError as exc:
                errors = errors_of(exc)
            else:
                messages.success(
                    request,
                    f"{unit.name} {year} 年：新开具账单 {result['created']} 张，"
                    f"已开具而跳过 {result['skipped']} 张。",
                )
                return redirect(f"{reverse('homestead:fee_bills')}?village={unit.code}&year={year}")
    today = timezone.localdate()
    rates = "；".join(
        f"{label} {rules.value(key, today)} 元/平方米·年"
        for label, key in ((dict(FeeBill.REASONS)[reason], key) for reason, key in RATE_RULES.items())
    )
    intro = (
        f"按宗地记录计算本村的超占（超过 {rules.value('area_cap_m2')} 平方米的部分）、一户多宅（除最大一宗外"
        f"的宅基地面积）和非本集体成员使用（所用宗地面积）账单。标准：{rates}。已开具的账单不会重复开具。"
    )
    return render_form(
        request,
        title="开具有偿使用费账单",
        fields=fields,
        values=values,
        errors=errors,
        intro=intro,
        back=reverse("homestead:fee_bills"),
        submit="开具账单",
    )
