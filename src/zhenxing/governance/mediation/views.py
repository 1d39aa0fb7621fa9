"""Pages of 评理说事: points and 说事员, the dispute register, registering one, its page and steps,
its case file (卷宗) and the printable agreement."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core import attachments, workflow
from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.core.indicators import Column
from zhenxing.governance.mediation import selectors, services
from zhenxing.governance.mediation.models import Dispute, Mediator
from zhenxing.governance.mediation.selectors import DISPUTE_COLUMNS, POINT_COLUMNS, dispute_url, point_url
from zhenxing.governance.mediation.workflows import CASE_FILE, DISPUTE, STATES
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.registers import query_filter, register_page

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
    village = request.GET.get("village", "")
    qs = selectors.points(actor=request.actor, village=village)
    villages = access.scoped(OrgUnit.objects.filter(level="village"), request.actor, selectors.READ)
    covered = qs.count()
    return register_page(
        request, title=f"评理说事点（覆盖 {covered} 个村，共 {villages.count()} 个村）", queryset=qs,
        columns=(*POINT_COLUMNS, Column("说事员", lambda p: p.mediator_count)), url_of=point_url,
        filters=[("village", "村/社区", "village", None, village)], links=_links(request))


def mediators(request):
    f = query_filter(selectors.MediatorFilter, request.GET)
    return register_page(
        request, title="说事员名册", queryset=selectors.mediators(actor=request.actor, filters=f),
        columns=(Column("姓名", lambda m: m.person.name), Column("身份", lambda m: m.get_kind_display()),
                 Column("评理说事点", lambda m: m.point.name),
                 Column("村/社区", lambda m: m.point.village.name),
                 Column("任职日期", lambda m: m.since)),
        url_of=lambda m: reverse("governance:mediation_point", args=[m.point_id]),
        filters=[("q", "姓名", "text", None, f.q), ("village", "村/社区", "village", None, f.village),
                 ("kind", "身份", "select", Mediator.KINDS, f.kind)],
        links=_links(request))


def disputes(request):
    f = query_filter(selectors.DisputeFilter, request.GET)
    return register_page(
        request, title="矛盾纠纷登记簿", queryset=selectors.disputes(actor=request.actor, filters=f),
        columns=DISPUTE_COLUMNS, url_of=dispute_url,
        filters=[("q", "编号或当事人", "text", None, f.q), ("village", "村/社区", "village", None, f.village),
                 ("state", "状态", "select", list(STATES.items()), f.state),
                 ("kind", "纠纷类型", "select", Dispute.KINDS, f.kind),
                 ("level", "调解层级", "select", Dispute.LEVELS, f.level),
                 ("deadline", "时限", "select", [("overdue", "已超期"), ("near", selectors.NEAR_LABEL)],
                  f.deadline)],
        links=_links(request))


def dispute_deadlines(request):
    """Overdue and due-soon disputes side by side, for every role that reads the register."""
    return render(request, "governance/mediation/deadlines.html", {
        **selectors.deadlines(actor=request.actor), "states": STATES, "near_label": selectors.NEAR_LABEL,
        "links": _links(request)})


def _mediate_villages(actor):
    qs = OrgUnit.objects.filter(level="village")
    return access.scoped(qs, actor, access.MEDIATE).order_by("path")[:500]


VILLAGE_ERRORS = {"required": "请选择村/社区", "invalid_choice": "请选择村/社区"}
KIND_ERRORS = {"required": "请选择纠纷类型", "invalid_choice": "请选择纠纷类型"}


class PointForm(forms.Form):
    village = forms.ModelChoiceField(OrgUnit.objects.none(), label="村/社区", error_messages=VILLAGE_ERRORS)
    name = forms.CharField(label="名称", max_length=100, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    open_hours = forms.CharField(label="开放时间", max_length=100, required=False,
                                 initial="每周一至周五 8:30–17:00")


def point_new(request):
    access.require(request.actor, access.MEDIATE)
    form = PointForm(request.POST or None)
    form.fields["village"].queryset = OrgUnit.objects.filter(
        pk__in=[v.pk for v in _mediate_villages(request.actor)])
    if request.method == "POST" and form.is_valid():
        try:
            point = services.create_point(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("governance:mediation_point", point.pk)
    return render(request, "governance/mediation/form.html", {"form": form, "title": "新设评理说事点"})


def _add_errors(form, exc):
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def point(request, pk):
    p = selectors.point(actor=request.actor, pk=pk)
    return render(request, "governance/mediation/point.html", {
        "point": p, "mediators": p.mediators.select_related("person"), "kinds": Mediator.KINDS,
        "can_edit": request.actor.can(access.MEDIATE, p.path), "links": _links(request)})


@require_POST
def mediator_add(request, pk):
    p = selectors.point(actor=request.actor, pk=pk)
    access.require(request.actor, access.MEDIATE, p.path)
    person = selectors.person_in_scope(actor=request.actor, pk=whole_number(request.POST.get("person")))
    try:
        since = forms.DateField().clean(request.POST.get("since") or None)
    except ValidationError:
        since = None
    try:
        services.add_mediator(actor=request.actor, point=p, person=person, kind=request.POST.get("kind", ""),
                              since=since)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:mediation_point", p.pk)


class DisputeForm(forms.Form):
    village = forms.ModelChoiceField(OrgUnit.objects.none(), label="村/社区", error_messages=VILLAGE_ERRORS)
    level = forms.ChoiceField(label="调解层级", choices=Dispute.LEVELS, initial="village")
    group = forms.CharField(label="村民小组代码（组级调解）", max_length=16, required=False)
    kind = forms.ChoiceField(label="纠纷类型", choices=Dispute.KINDS,
                             error_messages=KIND_ERRORS)
    description = forms.CharField(label="纠纷简要情况", widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False)
    party_1 = forms.CharField(label="当事人一", max_length=50, required=False)
    person_1 = forms.IntegerField(label="当事人一人员编号（可选）", required=False, min_value=1)
    party_2 = forms.CharField(label="当事人二", max_length=50, required=False)
    person_2 = forms.IntegerField(label="当事人二人员编号（可选）", required=False, min_value=1)
    party_3 = forms.CharField(label="当事人三（可选）", max_length=50, required=False)
    person_3 = forms.IntegerField(label="当事人三人员编号（可选）", required=False, min_value=1)
    mediators = forms.ModelMultipleChoiceField(Mediator.objects.none(), label="当事人选定的说事员",
                                               required=False, widget=forms.CheckboxSelectMultiple)


def dispute_new(request):
    actor = request.actor
    access.require(actor, access.MEDIATE)
    villages = _mediate_villages(actor)
    form = DisputeForm(request.POST or None)
    form.fields["village"].queryset = OrgUnit.objects.filter(pk__in=[v.pk for v in villages])
    form.fields["mediators"].queryset = access.scoped(
        Mediator.objects.select_related("person", "point__village"), actor, access.MEDIATE)
    form.fields["mediators"].label_from_instance = lambda m: f"{m.point.village.name} {m}"
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            parties = [services.Party(d[f"party_{i}"], _party_person(actor, d[f"person_{i}"], i))
                       for i in (1, 2, 3)]
            group = OrgUnit.objects.filter(code=d["group"].strip(), level="group").first()
            dispute = services.register_dispute(
                actor=actor, village=d["village"], level=d["level"], group=group, kind=d["kind"],
                description=d["description"], parties=parties, mediators=list(d["mediators"]))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("governance:dispute", dispute.pk)
    return render(request, "governance/mediation/form.html", {"form": form, "title": "登记矛盾纠纷"})


def _party_person(actor, pk, i):
    if pk is None:
        return None
    person = selectors.person_in_scope(actor=actor, pk=pk)
    if person is None:
        raise ValidationError({f"person_{i}": f"人员编号 {pk} 不存在或不在您的管辖范围内"})
    return person


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
    try:
        services.take_step(actor=request.actor, dispute=d, transition=request.POST.get("transition", ""),
                           comment=request.POST.get("comment", ""), data=data)
    except ValidationError as exc:
        labels = {k: v[0] for k, v in FIELDS.items()} | {"comment": "理由"}
        flash_errors(request, ValidationError(
            [f"{labels[k]}：{m}" if k in labels else m for k, ms in exc.message_dict.items() for m in ms]))
    return redirect("governance:dispute", d.pk)


@require_POST
def dispute_attach(request, pk):
    d = selectors.dispute(actor=request.actor, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError("请选择要上传的文件")
        services.attach(actor=request.actor, dispute=d, slot=request.POST.get("slot", ""), upload=upload)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:dispute", d.pk)


def dispute_file(request, pk, file_pk):
    att = selectors.dispute_file(actor=request.actor, dispute_pk=pk, pk=file_pk)
    return FileResponse(attachments.blob_path(att.sha256).open("rb"), content_type=att.content_type,
                        as_attachment=True, filename=att.name)


def dispute_agreement(request, pk):
    d = selectors.dispute(actor=request.actor, pk=pk)
    return render(request, "governance/mediation/agreement.html", {
        "d": d, "parties": d.parties.all(), "mediators": d.mediators.select_related("person", "point"),
        "point": getattr(d.village, "mediation_point", None)})
