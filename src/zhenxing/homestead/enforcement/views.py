"""执法监管 pages: inspections, violations with their rectification steps, and the overdue list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import whole_number
from zhenxing.homestead import formkit
from zhenxing.homestead.enforcement import registers as r
from zhenxing.homestead.enforcement import selectors as sel
from zhenxing.homestead.enforcement import services
from zhenxing.homestead.enforcement.forms import ViolationForm
from zhenxing.homestead.enforcement.workflows import RECTIFICATION
from zhenxing.orgs import access


def _new_link(request, name: str, label: str) -> list:
    return [(reverse(name), label)] if request.actor.can(access.MANAGE_HOMESTEAD) else []


def inspections(request):
    return r.INSPECTIONS.page(request, links=[
        (reverse("homestead:violations"), "违法违规"),
        *_new_link(request, "homestead:inspection_new", "登记巡查检查"),
    ])


def inspection(request, pk):
    obj = sel.inspection(actor=request.actor, pk=pk)
    return render(
        request,
        "homestead/enforcement/inspection.html",
        {
            "inspection": obj,
            "violations": obj.violations.select_related("parcel").order_by("code"),
            "can_manage": request.actor.can(access.MANAGE_HOMESTEAD, obj.path),
        },
    )


def inspection_new(request):
    access.require(request.actor, access.MANAGE_HOMESTEAD)
    form = r.ADD_INSPECTION.bind(request.actor, formkit.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            obj = r.ADD_INSPECTION.perform(request.actor, form, None)
            messages.success(request, "已登记巡查检查。")
            return redirect("homestead:inspection", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request,
        "homestead/record_form.html",
        form,
        {"title": "登记巡查检查", "back": reverse("homestead:inspections")},
    )


def violations(request):
    return r.VIOLATIONS.page(request, links=[
        (reverse("homestead:violations_overdue"), "超期未整改（按街道）"),
        (reverse("homestead:inspections"), "巡查检查"),
        *_new_link(request, "homestead:violation_new", "登记违法违规"),
    ])


def violation(request, pk):
    obj = sel.violation(actor=request.actor, pk=pk)
    actor = request.actor
    roles = services.roles_over(actor, obj.path) if actor.can(access.MANAGE_HOMESTEAD, obj.path) else set()
    return render(
        request,
        "homestead/enforcement/violation.html",
        {
            "violation": obj,
            "state_label": RECTIFICATION.states.get(obj.state, obj.state),
            "overdue": bool(r.overdue(obj)),
            "history": sel.history(violation=obj),
            "actions": RECTIFICATION.available(obj.state, roles),
        },
    )


def violation_new(request):
    access.require(request.actor, access.MANAGE_HOMESTEAD)
    source = None
    inspection = whole_number(request.GET.get("inspection"))
    if inspection is not None:
        source = sel.inspection(actor=request.actor, pk=inspection)
    initial = {"village": source.village.code, "found_on": source.inspected_on, "inspection": source.pk} \
        if source else {}
    form = ViolationForm(formkit.posted(request), actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        if source and not form.cleaned_data.get("inspection"):  # the page's link names its inspection
            form.cleaned_data["inspection"] = source.pk
        try:
            obj = r.ADD_VIOLATION.perform(request.actor, form, None)
            messages.success(request, f"已登记 {obj.code}，整改期限 {obj.deadline:%Y-%m-%d}。")
            return redirect("homestead:violation", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request,
        "homestead/record_form.html",
        form,
        {
            "title": "登记违法违规" + (f"（来源：{source}）" if source else ""),
            "back": reverse("homestead:violations"),
        },
    )


@require_POST
def violation_act(request, pk):
    obj = sel.violation(actor=request.actor, pk=pk)
    try:
        services.act(
            actor=request.actor,
            violation=obj,
            transition=request.POST.get("transition", ""),
            comment=request.POST.get("comment", ""),
            uploads=request.FILES.getlist("files"),
        )
        messages.success(request, f"已办理，当前状态：{RECTIFICATION.states[obj.state]}。")
    except ValidationError as exc:
        labels = {"comment": "办理意见", "attachments": "佐证材料", "file": "佐证材料"}
        for name, errors in exc.message_dict.items():
            for text in errors:
                messages.error(request, f"{labels[name]}：{text}" if name in labels else text)
    return redirect("homestead:violation", obj.pk)


def violations_overdue(request):
    return render(
        request,
        "homestead/enforcement/overdue.html",
        {
            "streets": sel.overdue_by_street(actor=request.actor),
        },
    )


def violation_attachment(request, pk):
    att = sel.violation_attachment(actor=request.actor, pk=pk)
    return attachments.response(att, request)
