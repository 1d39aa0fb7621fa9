"""Pages of 包保: the register, a new assignment, one assignment with its end."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors
from zhenxing.mechanisms.duties import registers as r
from zhenxing.mechanisms.duties import selectors
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs import access


def duties(request):
    manage = request.actor.can(access.MANAGE_TASKS)
    links = [(reverse("mechanisms:duty_new"), "确定包保责任")] if manage else []
    return r.DUTIES.page(request, links=links)


def duty_new(request):
    access.require(request.actor, access.MANAGE_TASKS)
    fields = ("kind", "unit", "department", "holder_name", "holder_title", "subject", "started_on")
    values = {k: request.POST.get(k, "") for k in fields}
    if request.method == "POST":
        try:
            duty = r.ASSIGN.submit(request.actor, request.POST)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"已确定：{duty}。")
            return redirect("mechanisms:duty", duty.pk)
    return render(request, "mechanisms/duties/new.html", {
        "values": values, "kinds": Duty.KINDS, "today": timezone.localdate(),
        "units": selectors.units(actor=request.actor),
    }, status=400 if request.method == "POST" else 200)


def duty(request, pk):
    obj = selectors.duty(actor=request.actor, pk=pk)
    return render(request, "mechanisms/duties/duty.html", {
        "duty": obj, "manage": request.actor.can(access.MANAGE_TASKS, obj.path) and obj.ended_on is None,
        "today": timezone.localdate()})


@require_POST
def duty_end(request, pk):
    obj = selectors.duty(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_TASKS, obj.path)
    try:
        r.END.submit(request.actor, request.POST, record=obj)
        messages.success(request, "包保责任已结束。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("mechanisms:duty", obj.pk)
