"""自愿有偿退出 pages: the register, filing and editing an application, and its steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors
from zhenxing.homestead.exits import registers as r
from zhenxing.homestead.exits import selectors
from zhenxing.homestead.exits.indicators import exit_url
from zhenxing.homestead.exits.services import can_file, roles_over
from zhenxing.homestead.exits.workflows import EXIT
from zhenxing.homestead.fieldforms import render_form, write


def exits(request):
    links = [(reverse("homestead:exit_new"), "申报退出")] if can_file(request.actor) else []
    return r.EXITS.page(request, links=links)



def exit_new(request):
    actor = request.actor
    if not can_file(actor):
        raise Http404
    values = {"parcel": request.GET.get("parcel", ""), "eligibility_value_yuan": "0", "reward_yuan": "0"}
    errors = {}
    if request.method == "POST":
        values = request.POST.dict()
        record, errors = write(request, r.FILE_EXIT)
        if record:
            messages.success(request, f"已登记退出申请 {record.code}（待提交）。")
            return redirect(exit_url(record))
    fields = [r.PARCEL_FIELD, *r.VALUATION_FIELDS]
    return render_form(
        request,
        title="申报自愿有偿退出",
        fields=fields,
        values=values,
        errors=errors,
        back=reverse("homestead:exits"),
        intro="补偿总额为各项评估金额之和；带 * 的为必填项。",
    )


def exit_edit(request, pk):
    record = selectors.exit_application(actor=request.actor, pk=pk)
    if not can_file(request.actor, record.path):
        raise Http404
    values = {f.name: getattr(record, f.name) for f in r.VALUATION_FIELDS}
    errors = {}
    if request.method == "POST":
        values = request.POST.dict()
        written, errors = write(request, r.EDIT_EXIT, record)
        if written:
            messages.success(request, f"已修改退出申请 {record.code}。")
            return redirect(exit_url(record))
    return render_form(
        request,
        title=f"修改退出申请 {record.code}",
        fields=r.VALUATION_FIELDS,
        values=values,
        errors=errors,
        back=exit_url(record),
        intro=f"宗地 {record.parcel.code}。",
    )


def exit_detail(request, pk):
    record = selectors.exit_application(actor=request.actor, pk=pk)
    roles = roles_over(request.actor, record.path)
    return render(
        request,
        "homestead/exits/exit.html",
        {
            "record": record,
            "state_label": EXIT.states.get(record.state, record.state),
            "history": selectors.exit_history(record=record),
            "states": EXIT.states,
            "transitions": EXIT.available(record.state, roles),
            "can_edit": record.state == "draft" and can_file(request.actor, record.path),
            "today": timezone.localdate(),
        },
    )


@require_POST
def exit_advance(request, pk):
    record = selectors.exit_application(actor=request.actor, pk=pk)
    p = request.POST
    try:
        step = EXIT.transition(p.get("transition", ""))
        r.take_step(actor=request.actor, record=record, transition=step.name, comment=p.get("comment", ""),
                    data={"amount": p.get("amount"), "paid_on": p.get("paid_on")}, uploads=[])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"申请 {record.code}：已{step.label}。")
    return redirect(exit_url(record))
