"""Pages of 评理说事: points and 说事员, the dispute register, registering one, its page and steps,
its case file (卷宗) and the printable agreement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import attachments, workflow
from zhenxing.core.feedback import flash_errors
from zhenxing.governance.mediation import registers as r
from zhenxing.governance.mediation import selectors, services
from zhenxing.governance.mediation.models import Dispute, Mediator
from zhenxing.governance.mediation.workflows import CASE_FILE, DISPUTE, STATES
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

FIELDS = {  # the data a step asks for: (label, choices or input type)
    "way": ("评理方式", Dispute.WAYS),
    "agreement": ("协议形式", Dispute.AGREEMENTS),
    "agreement_text": ("协议内容（口头协议记录其要点）", "textarea"),
    "performance": ("履行情况", Dispute.PERFORMANCE),
    "follow_up": ("回访记录", "textarea"),
}


def _links(request):
    links = [(reverse("governance:mediation_points"), "评理说事点"),
             (reverse("governance:mediators"), "说事员"), (reverse("governance:disputes"), "矛盾纠纷登记簿"),
             (reverse("governance:disputes_deadlines"), "超期/临期纠纷"),
             (reverse("governance:teams"), "党员服务队与突击队")]
    if request.actor.can(access.MEDIATE):
        links += [(reverse("governance:mediation_point_new"), "新设评理说事点"),
                  (reverse("governance:dispute_new"), "登记矛盾纠纷")]
    return links


def points(request):
    covered = r.POINTS.queryset(request.actor, request.GET).count()
    villages = access.scoped(OrgUnit.objects.filter(level="village"), request.actor, selectors.READ)
    return r.POINTS.page(request, title=f"评理说事点（覆盖 {covered} 个村，共 {villages.count()} 个村）",
                         links=_links(request))


def mediators(request):
    return r.MEDIATORS.page(request, links=_links(request))


def disputes(request):
    return r.DISPUTES.page(request, links=_links(request))


def dispute_deadlines(request):
    """Overdue and due-soon disputes side by side, for every role that reads the register."""
    return render(request, "governance/mediation/deadlines.html", {
        **selectors.deadlines(actor=request.actor), "states": STATES, "near_label": selectors.NEAR_LABEL,
        "links": _links(request)})


def point_new(request):
    access.require(request.actor, access.MEDIATE)
    form = r.ADD_POINT.bind(request.actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point = r.ADD_POINT.perform(request.actor, form, None)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("governance:mediation_point", point.pk)
    return render(request, "governance/mediation/form.html", {"form": form, "title": "新设评理说事点"})


def _add_errors(form, exc):
    for field, texts in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


def point(request, pk):
    p = selectors.point(actor=request.actor, pk=pk)
    return render(request, "governance/mediation/point.html", {
        "point": p, "mediators": p.mediators.select_related("person"), "kinds": Mediator.KINDS,
        "can_edit": request.actor.can(access.MEDIATE, p.path), "links": _links(request)})


@require_POST
def mediator_add(request, pk):
    p = selectors.point(actor=request.actor, pk=pk)
    access.require(request.actor, access.MEDIATE, p.path)
    try:
        r.ADD_MEDIATOR.submit(request.actor, request.POST, record=p)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:mediation_point", p.pk)


def dispute_new(request):
    access.require(request.actor, access.MEDIATE)
    form = r.ADD_DISPUTE.bind(request.actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = r.ADD_DISPUTE.perform(request.actor, form, None)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            limit = timezone.localtime(dispute.limit_at)
            messages.success(request, f"已登记纠纷 {dispute.code}，下一步：选定评理方式开始调解，"
                                      f"须在 {limit:%Y-%m-%d} 前调解完毕（一个月内）。")
            return redirect("governance:dispute", dispute.pk)
    return render(request, "governance/mediation/form.html", {"form": form, "title": "登记矛盾纠纷"})


def dispute(request, pk):
    d = selectors.dispute(actor=request.actor, pk=pk)
    roles = services.workflow_roles(request.actor, d)
    steps = [{"t": t, "fields": [(n, *FIELDS[n]) for n in t.required_fields]}
             for t in DISPUTE.available(d.state, roles)
             if t.name != "escalate" or services.next_level(d) is not None]
    return render(request, "governance/mediation/dispute.html", {
        "d": d, "state_label": STATES[d.state], "overdue": selectors.is_overdue(d), "steps": steps,
        "near": selectors.is_near(d), "near_label": selectors.NEAR_LABEL,
        "final": d.state in DISPUTE.final, "parties": d.parties.select_related("person"),
        "mediators": d.mediators.select_related("person"),
        "history": workflow.history(d).select_related("actor"),
        "states": STATES, "case_file": selectors.case_file(d), "slots": CASE_FILE,
        "can_attach": bool(roles), "next_level": services.next_level(d), "links": _links(request),
        "labels": {k: v[0] for k, v in FIELDS.items()},
    })


@require_POST
def dispute_step(request, pk):
    d = selectors.dispute(actor=request.actor, pk=pk)
    data = {k: request.POST.get(k, "") for k in FIELDS if k in request.POST}
    name = request.POST.get("transition", "")
    try:
        services.take_step(actor=request.actor, dispute=d, transition=name,
                           comment=request.POST.get("comment", ""), data=data)
        d.refresh_from_db()
        messages.success(request, workflow.after_step(DISPUTE, d, name))
    except ValidationError as exc:
        labels = {k: v[0] for k, v in FIELDS.items()} | {"comment": "理由"}
        flash_errors(request, ValidationError(
            [f"{labels[k]}：{m}" if k in labels else m for k, ms in exc.message_dict.items() for m in ms]))
    return redirect("governance:dispute", d.pk)


@require_POST
def dispute_attach(request, pk):
    d = selectors.dispute(actor=request.actor, pk=pk)
    access.require(request.actor, r.ATTACH.capability, d.path)
    try:
        r.ATTACH.submit(request.actor, request.POST, request.FILES, record=d)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:dispute", d.pk)


def dispute_file(request, pk, file_pk):
    att = selectors.dispute_file(actor=request.actor, dispute_pk=pk, pk=file_pk)
    return attachments.response(att, request)


def dispute_agreement(request, pk):
    d = selectors.dispute(actor=request.actor, pk=pk)
    return render(request, "governance/mediation/agreement.html", {
        "d": d, "parties": d.parties.all(), "mediators": d.mediators.select_related("person", "point"),
        "point": getattr(d.village, "mediation_point", None)})
