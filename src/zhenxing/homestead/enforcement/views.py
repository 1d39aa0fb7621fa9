"""执法监管 pages: inspections, violations with their rectification steps, and the overdue list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import whole_number
from zhenxing.core.indicators import Column
from zhenxing.homestead import formkit
from zhenxing.homestead.enforcement import selectors as sel
from zhenxing.homestead.enforcement import services
from zhenxing.homestead.enforcement.forms import InspectionForm, ViolationForm
from zhenxing.homestead.enforcement.models import Inspection, Violation
from zhenxing.homestead.enforcement.workflows import OPEN, RECTIFICATION
from zhenxing.orgs import access
from zhenxing.orgs.registers import query_filter, register_page

STATES = list(RECTIFICATION.states.items())

INSPECTION_COLUMNS = (
    Column("检查日期", lambda i: i.inspected_on),
    Column("村/社区", lambda i: i.village.name),
    Column("检查类型", lambda i: i.get_kind_display()),
    Column("检查人员", lambda i: i.inspectors),
    Column("检查情况", lambda i: i.findings[:60]),
    Column("发现问题", lambda i: i.violation_count),
)


def _new_link(request, name: str, label: str) -> list:
    return [(reverse(name), label)] if request.actor.can(access.MANAGE_HOMESTEAD) else []


def inspections(request):
    f = query_filter(sel.InspectionFilter, request.GET)
    return register_page(
        request,
        title="巡查检查记录",
        queryset=sel.inspections(actor=request.actor, filters=f),
        columns=INSPECTION_COLUMNS,
        url_of=lambda i: reverse("homestead:inspection", args=[i.pk]),
        filters=[
            ("q", "检查人员或情况", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("kind", "检查类型", "select", Inspection.KINDS, f.kind),
        ],
        links=[
            (reverse("homestead:violations"), "违法违规"),
            *_new_link(request, "homestead:inspection_new", "登记巡查检查"),
        ],
    )


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
    form = InspectionForm(formkit.posted(request), actor=request.actor)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "village"}
        try:
            obj = services.add_inspection(actor=request.actor, village=form.village(), **data)
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


def _overdue(v: Violation) -> str:
    if v.state in OPEN and v.due_at and v.due_at < timezone.now():
        return "是"
    return ""


VIOLATION_COLUMNS = (
    Column("案件编号", lambda v: v.code),
    Column("村/社区", lambda v: v.village.name),
    Column("宗地代码", lambda v: v.parcel.code if v.parcel else ""),
    Column("违法类型", lambda v: v.get_kind_display()),
    Column("发现日期", lambda v: v.found_on),
    Column("整改期限", lambda v: v.deadline),
    Column("状态", lambda v: RECTIFICATION.states.get(v.state, v.state)),
    Column("超期", _overdue),
)


def violations(request):
    f = query_filter(sel.ViolationFilter, request.GET)
    return register_page(
        request,
        title="违法违规台账",
        queryset=sel.violations(actor=request.actor, filters=f),
        columns=VIOLATION_COLUMNS,
        url_of=lambda v: reverse("homestead:violation", args=[v.pk]),
        filters=[
            ("q", "案件编号、宗地代码或描述", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("kind", "违法类型", "select", Violation.KINDS, f.kind),
            ("state", "状态", "select", STATES, f.state),
            ("overdue", "超期", "select", [("yes", "超期未整改")], f.overdue),
        ],
        links=[
            (reverse("homestead:violations_overdue"), "超期未整改（按街道）"),
            (reverse("homestead:inspections"), "巡查检查"),
            *_new_link(request, "homestead:violation_new", "登记违法违规"),
        ],
    )


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
            "overdue": bool(_overdue(obj)),
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
    initial = {"village": source.village.code, "found_on": source.inspected_on} if source else {}
    form = ViolationForm(formkit.posted(request), actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = services.add_violation(
                actor=request.actor,
                village=form.village(),
                parcel=d["parcel_obj"],
                inspection=source,
                kind=d["kind"],
                found_on=d["found_on"],
                description=d["description"],
            )
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
    return FileResponse(
        attachments.blob_path(att.sha256).open("rb"),
        content_type=att.content_type,
        as_attachment=True,
        filename=att.name,
    )
