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
from zhenxing.homestead.fieldforms import Field, render_form, write
from zhenxing.homestead.transfers import registers as r
from zhenxing.homestead.transfers import selectors
from zhenxing.homestead.transfers.indicators import TRANSFER_COLUMNS, transfer_url
from zhenxing.homestead.transfers.services import terms_of
from zhenxing.orgs import access, exports
from zhenxing.orgs import selectors as org_selectors


def transfers(request):
    links = [(reverse("homestead:transfers_expiring"), "到期提醒")]
    if request.actor.can(access.MANAGE_HOMESTEAD):
        links.insert(0, (reverse("homestead:transfer_new"), "新建流转合同"))
    return r.TRANSFERS.page(request, links=links)



def transfers_expiring(request):
    g = request.GET
    village, which = g.get("village", ""), g.get("which", "")
    queryset = r.EXPIRING.queryset(request.actor, g)
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
            "export_offer": exports.offer(page.paginator.count),
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
    fields = [r.PARCEL_FIELD, *r.TERMS_FIELDS]
    values = {
        "parcel": request.GET.get("parcel", ""),
        "transferee_kind": "person",
        "kind": "lease",
        "payment_cycle": "yearly",
    }
    errors = {}
    if request.method == "POST":
        values = request.POST.dict()
        contract, errors = write(request, r.ADD_TRANSFER)
        if contract:
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
        written, errors = write(request, r.EDIT_TRANSFER, contract)
        if written:
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
        for f in r.TERMS_FIELDS
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
    written, errors = write(request, r.TERMINATE_TRANSFER, contract)
    if written:
        messages.success(request, f"合同 {contract.code} 已解除。")
    else:
        flash_errors(request, ValidationError(errors))
    return redirect(transfer_url(contract))
