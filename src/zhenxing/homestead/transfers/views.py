"""流转 pages: the contract register, the expiry reminders, a contract, and its forms."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors
from zhenxing.homestead.fieldforms import Field, errors_of, parse_date, render_form
from zhenxing.homestead.parcels import selectors as parcel_selectors
from zhenxing.homestead.transfers import selectors
from zhenxing.homestead.transfers.indicators import TRANSFER_COLUMNS, transfer_url
from zhenxing.homestead.transfers.models import TransferContract as Contract
from zhenxing.homestead.transfers.services import (
    TransferTerms,
    create_transfer,
    terminate_transfer,
    terms_of,
    update_transfer,
)
from zhenxing.orgs import access, exports
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.registers import query_filter, register_page

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


def _terms(post) -> TransferTerms:
    return TransferTerms(
        kind=post.get("kind", ""),
        transferee_name=post.get("transferee_name", ""),
        transferee_kind=post.get("transferee_kind", ""),
        transferee_id=post.get("transferee_id", ""),
        transferee_member=post.get("transferee_member") == "1",
        purpose=post.get("purpose", ""),
        starts_on=parse_date(post.get("starts_on")),
        ends_on=parse_date(post.get("ends_on")),
        rent_yuan=post.get("rent_yuan", ""),
        payment_cycle=post.get("payment_cycle", ""),
    )


def transfers(request):
    f = query_filter(selectors.TransferFilter, request.GET)
    links = [(reverse("homestead:transfers_expiring"), "到期提醒")]
    if request.actor.can(access.MANAGE_HOMESTEAD):
        links.insert(0, (reverse("homestead:transfer_new"), "新建流转合同"))
    return register_page(
        request,
        title="宅基地流转合同台账",
        queryset=selectors.transfers(actor=request.actor, filters=f),
        columns=TRANSFER_COLUMNS,
        url_of=transfer_url,
        filters=[
            ("q", "合同编号、宗地代码或流入方", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("kind", "流转方式", "select", Contract.KINDS, f.kind),
            ("purpose", "用途", "select", Contract.PURPOSES, f.purpose),
            ("status", "状态", "select", Contract.STATUSES, f.status),
        ],
        links=links,
    )


def transfers_expiring(request):
    g = request.GET
    village, which = g.get("village", ""), g.get("which", "")
    queryset = selectors.expiring(actor=request.actor, village=village, which=which)
    title = "流转合同到期提醒"
    if g.get("export") == "xlsx":
        return exports.answer(request, title=title, columns=TRANSFER_COLUMNS, queryset=queryset)
    today = timezone.localdate()
    page = Paginator(queryset, settings.PAGE_SIZE).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    rows = [(c, (c.ends_on - today).days) for c in page.object_list]
    return render(
        request,
        "homestead/transfers/expiring.html",
        {
            "title": title,
            "page": page,
            "rows": rows,
            "query": params.urlencode(),
            "village": village,
            "which": which,
            "choices": selectors.EXPIRY_CHOICES,
            "window": selectors.EXPIRY_WINDOW_DAYS,
            "villages": org_selectors.village_choices(actor=request.actor),
            "can_export": request.actor.can(access.EXPORT),
        },
    )


def transfer(request, pk):
    contract = selectors.transfer(actor=request.actor, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "homestead/transfers/transfer.html",
        {
            "contract": contract,
            "status": contract.status(today),
            "status_label": contract.status_label(today),
            "days_left": (contract.ends_on - today).days,
            "can_manage": request.actor.can(access.MANAGE_HOMESTEAD, contract.path),
            "today": today,
        },
    )


def transfer_new(request):
    access.require(request.actor, access.VIEW_PEOPLE)
    access.require(request.actor, access.MANAGE_HOMESTEAD)
    fields = [PARCEL_FIELD, *TERMS_FIELDS]
    values = {
        "parcel": request.GET.get("parcel", ""),
        "transferee_kind": "person",
        "kind": "lease",
        "payment_cycle": "yearly",
    }
    errors = {}
    if request.method == "POST":
        values = request.POST.dict()
        parcel = parcel_selectors.parcel_by_code(actor=request.actor, code=values.get("parcel", ""))
        if parcel is None:
            errors = {"parcel": [f"宗地代码：在您的管辖范围内找不到宗地“{values.get('parcel', '').strip()}”"]}
        elif not request.actor.can(access.MANAGE_HOMESTEAD, parcel.path):
            errors = {"parcel": ["宗地代码：您不能为该宗地办理流转"]}
        else:
            try:
                contract = create_transfer(actor=request.actor, parcel=parcel, terms=_terms(request.POST))
            except ValidationError as exc:
                errors = errors_of(exc)
            else:
                messages.success(request, f"已登记流转合同 {contract.code}。")
                return redirect(transfer_url(contract))
    return render_form(
        request,
        title="新建流转合同",
        fields=fields,
        values=values,
        errors=errors,
        back=reverse("homestead:transfers"),
        intro="流出方为宗地的权利人户；带 * 的为必填项。",
    )


def transfer_edit(request, pk):
    contract = selectors.transfer(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, contract.path)
    values, errors = terms_of(contract), {}
    values = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
    if request.method == "POST":
        values = request.POST.dict()
        try:
            update_transfer(actor=request.actor, contract=contract, terms=_terms(request.POST))
        except ValidationError as exc:
            errors = errors_of(exc)
        else:
            messages.success(request, f"已修改流转合同 {contract.code}。")
            return redirect(transfer_url(contract))
    fields = [
        Field(
            f.name,
            f.label,
            f.kind,
            f.options,
            "不修改请留空" if f.name == "transferee_id" and contract.transferee_kind == "person" else f.help,
            f.required,
        )
        for f in TERMS_FIELDS
    ]
    return render_form(
        request,
        title=f"修改流转合同 {contract.code}",
        fields=fields,
        values=values,
        errors=errors,
        back=transfer_url(contract),
        intro=f"宗地 {contract.parcel.code}；流出方户 {contract.household.number}。",
    )


@require_POST
def transfer_terminate(request, pk):
    contract = selectors.transfer(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, contract.path)
    try:
        terminate_transfer(
            actor=request.actor,
            contract=contract,
            terminated_on=parse_date(request.POST.get("terminated_on")),
            reason=request.POST.get("termination_reason", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"合同 {contract.code} 已解除。")
    return redirect(transfer_url(contract))
