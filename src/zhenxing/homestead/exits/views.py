"""自愿有偿退出 pages: the register, filing and editing an application, and its steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors
from zhenxing.homestead.exits import selectors
from zhenxing.homestead.exits.indicators import EXIT_COLUMNS, exit_url
from zhenxing.homestead.exits.services import (
    Valuation,
    advance_exit,
    can_file,
    edit_exit,
    file_exit,
    roles_over,
)
from zhenxing.homestead.exits.workflows import EXIT
from zhenxing.homestead.fieldforms import Field, errors_of, parse_date, render_form
from zhenxing.homestead.parcels import selectors as parcel_selectors
from zhenxing.orgs.registers import query_filter, register_page

VALUATION_FIELDS = [
    Field("house_value_yuan", "房屋价值（元）", "money"),
    Field("land_value_yuan", "土地价值（元）", "money"),
    Field("eligibility_value_yuan", "资格权价值（元）", "money", help="保留资格权的填0"),
    Field("reward_yuan", "奖励（元）", "money", help="无奖励填0"),
    Field("keeps_eligibility", "保留资格权（今后仍可申请宅基地）", "checkbox", required=False),
    Field("reason", "退出原因", "textarea", required=False),
]


def _valuation(post) -> Valuation:
    return Valuation(
        house_value_yuan=post.get("house_value_yuan", ""),
        land_value_yuan=post.get("land_value_yuan", ""),
        eligibility_value_yuan=post.get("eligibility_value_yuan", ""),
        reward_yuan=post.get("reward_yuan", ""),
        keeps_eligibility=post.get("keeps_eligibility") == "1",
        reason=post.get("reason", ""),
    )


def exits(request):
    f = query_filter(selectors.ExitFilter, request.GET)
    links = [(reverse("homestead:exit_new"), "申报退出")] if can_file(request.actor) else []
    return register_page(
        request,
        title="宅基地自愿有偿退出",
        queryset=selectors.exits(actor=request.actor, filters=f),
        columns=EXIT_COLUMNS,
        url_of=exit_url,
        filters=[
            ("q", "申请编号、宗地代码或户主", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("state", "状态", "select", list(EXIT.states.items()), f.state),
        ],
        links=links,
    )


def exit_new(request):
    actor = request.actor
    if not can_file(actor):
        raise Http404
    values = {"parcel": request.GET.get("parcel", ""), "eligibility_value_yuan": "0", "reward_yuan": "0"}
    errors = {}
    if request.method == "POST":
        values = request.POST.dict()
        parcel = parcel_selectors.parcel_by_code(actor=actor, code=values.get("parcel", ""))
        if parcel is None:
            errors = {"parcel": [f"宗地代码：在您的管辖范围内找不到宗地“{values.get('parcel', '').strip()}”"]}
        else:
            try:
                record = file_exit(actor=actor, parcel=parcel, valuation=_valuation(request.POST))
            except ValidationError as exc:
                errors = errors_of(exc)
            else:
                messages.success(request, f"已登记退出申请 {record.code}（待提交）。")
                return redirect(exit_url(record))
    fields = [Field("parcel", "宗地代码", help="19位宗地代码；退出户为该宗地的权利人户"), *VALUATION_FIELDS]
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
    values = {f.name: getattr(record, f.name) for f in VALUATION_FIELDS}
    errors = {}
    if request.method == "POST":
        values = request.POST.dict()
        try:
            edit_exit(actor=request.actor, record=record, valuation=_valuation(request.POST))
        except ValidationError as exc:
            errors = errors_of(exc)
        else:
            messages.success(request, f"已修改退出申请 {record.code}。")
            return redirect(exit_url(record))
    return render_form(
        request,
        title=f"修改退出申请 {record.code}",
        fields=VALUATION_FIELDS,
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
        advance_exit(
            actor=request.actor,
            record=record,
            transition=step.name,
            comment=p.get("comment", ""),
            amount=p.get("amount"),
            paid_on=parse_date(p.get("paid_on")),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"申请 {record.code}：已{step.label}。")
    return redirect(exit_url(record))
