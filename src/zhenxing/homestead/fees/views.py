"""有偿使用 pages: the bill register, a bill with its payments and reductions, and the yearly issue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors
from zhenxing.homestead.fees import registers as r
from zhenxing.homestead.fees import selectors
from zhenxing.homestead.fees.indicators import bill_url
from zhenxing.homestead.fees.models import FeeBill, FeePayment
from zhenxing.homestead.fees.services import RATE_RULES
from zhenxing.homestead.fieldforms import Field, render_form, write
from zhenxing.homestead.policies import rules
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors


def fee_bills(request):
    links = []
    if request.actor.can(access.MANAGE_HOMESTEAD):
        links.append((reverse("homestead:fee_issue"), "开具年度账单"))
    return r.BILLS.page(request, links=links)



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
    written, errors = write(request, r.PAY, bill)
    if written:
        payment = written.payments.order_by("-pk").first()
        messages.success(request, f"已登记缴费 {payment.amount_yuan} 元（收据号 {payment.receipt_number}）。")
    else:
        flash_errors(request, ValidationError(errors))
    return redirect(bill_url(bill))


@require_POST
def fee_reduce(request, pk):
    bill = selectors.bill(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, bill.path)
    written, errors = write(request, r.REDUCE, bill)
    if written:
        messages.success(request, f"已减免 {written.reductions.order_by('-pk').first().amount_yuan} 元。")
    else:
        flash_errors(request, ValidationError(errors))
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
        result, errors = write(request, r.ISSUE)
        if result:
            unit, year = result["village"], result["year"]
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
