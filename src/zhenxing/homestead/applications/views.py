"""Pages of 申请审批: the register, filing, one application with its checks and steps, the deadlines."""

import json
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import attachments, workflow
from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.homestead import drawing, geo
from zhenxing.homestead.applications import actions, checks, documents, selectors, services, tracker
from zhenxing.homestead.applications.forms import ApplicationForm
from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.applications.registers import APPLICATIONS
from zhenxing.homestead.applications.workflows import APPLICATION, STATES
from zhenxing.homestead.policies import rules
from zhenxing.orgs import access

FIELDS = {  # the data a step asks for: (label, input type)
    "meeting_date": ("村民小组会议日期", "date"),
    "attendance": ("到会人数", "number"),
    "votes_for": ("同意人数", "number"),
    "review_date": ("村级审查日期", "date"),
    "survey_date": ("到场踏勘日期", "date"),
    "surveyors": ("踏勘人员", "text"),
    "stake_date": ("放样日期", "date"),
    "inspection_date": ("竣工验收日期", "date"),
    "findings": ("验收意见", "text"),
    "certificate_number": ("不动产权证书号", "text"),
    "parcel_code": ("宗地代码（新宗地）", "text"),
}


def applications(request):
    actor = request.actor
    # 超期督办 counts every street's overdue applications: for those who follow others' applications, not
    # for an applicant (a villager sees its own application's deadline on its page).
    staff = any(actor.can(c) for c in (access.VIEW_PEOPLE, access.REVIEW_HOMESTEAD, access.SIGN_HOMESTEAD))
    links = [(reverse("homestead:application_deadlines"), "超期督办")] if staff else []
    if actor.can(access.APPLY_HOMESTEAD):
        links.insert(0, (reverse("homestead:application_new"), "新建申请"))
    return APPLICATIONS.page(request, links=links)


def application_new(request):
    actor = request.actor
    access.require(actor, access.APPLY_HOMESTEAD)
    own = selectors.own_household_id(actor)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            household = selectors.household_to_apply_for(actor=actor, number=d["household"])
            old = selectors.old_parcel(code=d["old_parcel"], household=household)
            app = services.file_application(
                actor=actor, household=household, kind=d["kind"], reason=d["reason"],
                location=d["location"], geometry=d["geometry"], building_area_m2=d["building_area_m2"],
                floors=d["floors"], old_parcel=old,
                sides={k: d[k] for k in ("east", "south", "west", "north")},
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"已保存申请 {app.code}（待提交）。下一步：上传申请表、户口簿等材料，"
                                      "然后点“提交申请”。")
            return redirect("homestead:application", app.pk)
    try:
        village = selectors.drawing_village(actor=actor)
    except Http404:  # an account not linked to a household: it files by household number, without a map
        village = None
    return render(request, "homestead/applications/application_new.html", {
        "form": form, "own": own is not None and not actor.can(access.REVIEW_HOMESTEAD),
        "village": village,
        "layers_url": f"{reverse('homestead:application_site_layers')}?village={village.code}" if village
        else "",
        "check_url": reverse("homestead:application_site_check"), "area_cap": _cap_text(),
    })


def _cap_text() -> str:
    cap = Decimal(rules.value("area_cap_m2"))
    return f"{cap:,} m²（{checks.mu(cap).normalize():f} 亩）"


def site_layers(request):
    """The drawing map's layers: the applicant's village boundary, parcels and farmland, outlines only."""
    village = selectors.drawing_village(actor=request.actor, code=request.GET.get("village", ""))
    return JsonResponse(selectors.site_layers(village=village), content_type="application/geo+json")


@require_POST
def site_check(request):
    """The pre-checks of a site while it is drawn (before saving), for the applicant's own village only."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"error": "请求内容应为 JSON 对象"}, status=400)
    actor = request.actor
    village = selectors.drawing_village(actor=actor, code=str(body.get("village") or ""))
    old = selectors.drawing_old_parcel(actor=actor, village=village, code=str(body.get("old_parcel") or ""))
    geometry = geo.load_geojson(json.dumps(body.get("geometry"))) if body.get("geometry") else None
    problem = geo.polygon_problem(geometry)
    if problem:
        return JsonResponse({"problem": f"用地图形：{problem}", "checks": []})
    area = geo.area_m2(geometry)
    site = checks.Site(village, geometry, area, old.pk if old else None)
    found = checks.site_checks(site, named=False)
    return JsonResponse({
        "area_m2": str(area), "area_mu": str(checks.mu(area)),
        "passed": all(c.passed is not False for c in found),
        "checks": [{"label": c.label, "passed": c.passed, "detail": c.detail} for c in found],
    })


def _step_fields(app: Application, transition) -> list[str]:
    fields = list(transition.required_fields)
    if transition.name == "register" and app.kind in ("new", "relocate"):
        fields.append("parcel_code")  # a new parcel: the registry gives it its code
    return fields


def application(request, pk):
    actor = request.actor
    app = selectors.application(actor=actor, pk=pk)
    roles = services.workflow_roles(actor, app)
    files = services.files(app)
    steps = [{"t": t, "fields": [(name, *FIELDS[name]) for name in _step_fields(app, t)]}
             for t in APPLICATION.available(app.state, roles)]
    part = selectors.signing_part(actor) if app.state == "joint_review" else None
    opinions = list(app.opinions.select_related("department", "signed_by"))
    signed_parts = {o.part for o in opinions if o.round == app.review_round}
    return render(request, "homestead/applications/application.html", {
        "app": app, "state_label": STATES[app.state], "final": app.state in APPLICATION.final,
        "overdue": bool(app.due_at and app.due_at < timezone.now() and app.state not in APPLICATION.final),
        "outline": drawing.outline(app.geometry),
        "checks": selectors.checks_shown(actor, app, roles), "applicant": "applicant" in roles,
        "history": workflow.history(app).select_related("actor"), "states": STATES,
        "files": files, "steps": steps, "can_attach": bool(roles) or part is not None,
        "objections": app.objections.all(), "village_role": "village" in roles,
        "opinions": opinions, "can_sign": part is not None and part[0] not in signed_parts,
        "part_label": dict(app.opinions.model.PARTS).get(part[0]) if part else "",
        "documents": documents.available(app), "today": timezone.localdate(),
    })


@require_POST
def application_step(request, pk):
    app = selectors.application(actor=request.actor, pk=pk)
    name = request.POST.get("transition", "")
    data = {k: request.POST.get(k, "") for k in FIELDS if k in request.POST}
    ids = [n for n in map(whole_number, request.POST.getlist("attachments")) if n is not None]
    try:
        services.take_step(actor=request.actor, application=app, transition=name,
                           comment=request.POST.get("comment", ""), data=data, attachment_ids=ids)
    except ValidationError as exc:
        flash_errors(request, _labelled(exc))
    else:
        messages.success(request, tracker.next_message(app, name))
    return redirect("homestead:application", app.pk)


def _labelled(exc: ValidationError) -> ValidationError:
    """Field errors of a step with the field's label in front (the step's form is gone after redirect)."""
    if not hasattr(exc, "error_dict"):
        return exc
    labels = {k: v[0] for k, v in FIELDS.items()} | {"comment": "理由", "attachments": "材料"}
    return ValidationError([f"{labels[k]}：{m}" if k in labels else m
                            for k, texts in exc.message_dict.items() for m in texts])


def _button(request, action, app, record=None):
    """A button on the application page: its form checked, then its service; every reason it was refused
    is flashed on the page."""
    actions.gate(request.actor, action, app)
    record = app if record is None else record
    form = action.bind(request.actor, request.POST, request.FILES, record=record)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for text in errors:
                messages.error(request, text if label in text else f"{label}：{text}")
        return
    try:
        action.perform(request.actor, form, record)
    except ValidationError as exc:
        flash_errors(request, exc)


@require_POST
def application_attach(request, pk):
    app = selectors.application(actor=request.actor, pk=pk)
    _button(request, actions.ATTACH, app)
    return redirect("homestead:application", app.pk)


def application_file(request, pk, file_pk):
    att = selectors.application_file(actor=request.actor, application_pk=pk, pk=file_pk)
    return attachments.response(att, request)


@require_POST
def objection_add(request, pk):
    app = selectors.application(actor=request.actor, pk=pk)
    _button(request, actions.ADD_OBJECTION, app)
    return redirect("homestead:application", app.pk)


@require_POST
def objection_resolve(request, pk, objection_pk):
    app = selectors.application(actor=request.actor, pk=pk)
    _button(request, actions.RESOLVE_OBJECTION, app, actions.objection_of(app, objection_pk))
    return redirect("homestead:application", app.pk)


@require_POST
def opinion_sign(request, pk):
    app = selectors.application(actor=request.actor, pk=pk)
    _button(request, actions.SIGN_OPINION, app)
    return redirect("homestead:application", app.pk)


def deadlines(request):
    actor = request.actor
    rows = selectors.deadlines_by_street(actor=actor)
    overdue = selectors.applications(actor=actor, filters=selectors.ApplicationFilter(deadline="overdue"))
    near = selectors.applications(actor=actor, filters=selectors.ApplicationFilter(deadline="near"))
    return render(request, "homestead/applications/application_deadlines.html", {
        "rows": rows, "overdue": overdue.order_by("due_at")[:200], "near": near.order_by("due_at")[:200],
        "states": STATES, "now": timezone.now(),
    })


def document(request, pk, document, fmt):
    """An application's papers (批准书, 验收意见表) as PDF or Word."""
    return documents.answer(selectors.application(actor=request.actor, pk=pk), document, fmt)
