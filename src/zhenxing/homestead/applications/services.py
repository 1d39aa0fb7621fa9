"""Writes of 申请审批: filing, the procedure's steps, 公示 objections, the departments' signatures.

What the actor is to an application (`workflow_roles`) comes from their grants over its village: a
villager is the applicant for their own household only; village staff may file for any household of
their village; a review grant at the village makes the village reviewer, one at the street or above
the street reviewer. Department staff sign their department's part of the joint review.
"""

import re
from datetime import date
from decimal import Decimal

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhenxing.core import attachments, audit, audit_labels, notify, workflow
from zhenxing.core.models import Attachment
from zhenxing.core.numbering import save_with_code
from zhenxing.homestead import geo
from zhenxing.homestead.applications.models import Application, Objection, ReviewOpinion
from zhenxing.homestead.applications.selectors import OWNER_TYPE, own_household_id, signing_part
from zhenxing.homestead.applications.workflows import APPLICANT, APPLICATION, STREET, VILLAGE
from zhenxing.homestead.parcels import codes
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.parcels.services import parcel_record
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.people.models import Household

audit_labels.declare({
    "homestead.application.file": "新建宅基地申请",
    "homestead.application.attach": "宅基地申请上传材料",
    "homestead.application.objection": "登记公示异议",
    "homestead.application.objection_resolved": "处理公示异议",
    "homestead.application.sign": "签署联审意见",
    "homestead.parcel.register": "登记新宗地（不动产登记）",
    "homestead.parcel.recover": "收回原宅基地",
}, keys={"site_area_m2": "申请面积（m²）", "area_m2": "面积（m²）", "application": "申请",
         "raised_by": "异议人", "content": "异议内容", "objection": "异议", "upheld": "异议成立",
         "resolution": "处理结果", "part": "联审部分", "agree": "同意", "opinion": "意见"})


def workflow_roles(actor, application: Application) -> set[str]:
    roles = set()
    for grant in actor.grants:
        if not application.path.startswith(grant.path):
            continue
        caps = grant.capabilities
        if access.APPLY_HOMESTEAD in caps:
            if grant.role != "villager" or own_household_id(actor) == application.household_id:
                roles.add(APPLICANT)
        if access.REVIEW_HOMESTEAD in caps:
            # A grant at the village itself (or below) reviews for the village; above it, for the street.
            roles.add(VILLAGE if len(grant.path) >= len(application.village.path) else STREET)
    return roles


def _site(geometry) -> shapely.Geometry:
    problem = geo.polygon_problem(geometry)
    if problem:
        raise ValidationError({"geometry": f"用地图形：{problem}"})
    return geometry


@transaction.atomic
def file_application(
    *, actor, household: Household, kind: str, reason: str, location: str, geometry,
    building_area_m2: Decimal, floors: int, old_parcel: Parcel | None = None, sides: dict | None = None,
) -> Application:
    """A new application in 待提交, for the applicant to add the required files and submit."""
    access.require(actor, access.APPLY_HOMESTEAD, household.path)
    village = household.village
    errors = {}
    staff = any(g.role != "villager" and access.APPLY_HOMESTEAD in g.capabilities
                and household.path.startswith(g.path) for g in actor.grants)
    if not staff and own_household_id(actor) != household.pk:
        raise ValidationError({"household": "村民只能为本户申请"})
    if kind not in dict(Application.KINDS):
        errors["kind"] = "请选择申请类型"
    if kind in ("rebuild", "relocate", "extend") and old_parcel is None:
        errors["old_parcel"] = "翻建、异址新建或改扩建须选择原宅基地"
    if old_parcel is not None and old_parcel.household_id != household.pk:
        errors["old_parcel"] = f"宗地 {old_parcel.code} 不属于申请户"
    if not reason.strip():
        errors["reason"] = "请填写申请理由"
    if not location.strip():
        errors["location"] = "请填写拟用地坐落"
    if not (Decimal("1") <= building_area_m2 <= Decimal("2000")):
        errors["building_area_m2"] = "拟建房屋建筑面积应在 1–2000 平方米之间"
    if not (1 <= floors <= 5):
        errors["floors"] = "拟建层数应为 1–5 层"
    if errors:
        raise ValidationError(errors)
    site = _site(geometry)
    now = timezone.now()
    record = parcel_record(geometry=site, village_id=village.pk, village_path=village.path)
    application = Application(
        village=village, household=household, kind=kind,
        reason=reason.strip(), location=location.strip(), old_parcel=old_parcel,
        site_area_m2=record.area_m2, building_area_m2=building_area_m2, floors=floors,
        geometry=record.geometry, min_x=record.min_x, min_y=record.min_y, max_x=record.max_x,
        max_y=record.max_y, created_by=actor.user, path=village.path,
        **{k: (sides or {}).get(k, "")[:100] for k in ("east", "south", "west", "north")},
    )
    workflow.start(workflow=APPLICATION, record=application, now=now)
    save_with_code(application, "ZJD", timezone.localdate(now).year)  # a concurrent filing takes the next
    audit.record(actor=actor.user, action="homestead.application.file", obj=application,
                 changes={"household": household.number, "kind": kind, "site_area_m2": str(record.area_m2)})
    return application


@transaction.atomic
def attach(*, actor, application: Application, upload) -> Attachment:
    """申请材料 and evidence of a step (会议记录、公示照片、验收照片 …)."""
    signs = application.state == "joint_review" and signing_part(actor) is not None
    if not workflow_roles(actor, application) and not signs:
        raise ValidationError({"file": "您不能为此申请上传材料"})
    att = attachments.store(upload=upload, owner_type=OWNER_TYPE, owner_id=str(application.pk),
                            scope_path=application.path, user=actor.user)
    audit.record(actor=actor.user, action="homestead.application.attach", obj=application,
                 changes={"attachment": att.name, "sha256": att.sha256})
    return att


def files(application: Application) -> list[Attachment]:
    return attachments.of(OWNER_TYPE, application.pk)


@transaction.atomic
def take_step(
    *, actor, application: Application, transition: str, comment: str = "", data: dict | None = None,
    attachment_ids: list[int] | None = None,
) -> Application:
    """One step of the procedure, with the checks that the step's declaration cannot express."""
    roles = workflow_roles(actor, application)
    if not roles:
        raise ValidationError({"transition": "您不能办理此申请"})
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in (data or {}).items()}
    owned = {a.pk for a in files(application)}
    attachment_ids = [i for i in (attachment_ids or []) if i in owned]
    if transition == "submit" and not attachment_ids:
        attachment_ids = sorted(owned)  # the files uploaded while drafting are the application's
    locked = Application.objects.select_for_update().select_related("village").get(pk=application.pk)
    _check_before(locked, transition, data)
    workflow.advance(workflow=APPLICATION, record=locked, transition=transition, user=actor.user,
                     roles=roles, comment=comment, data=data, attachment_ids=attachment_ids)
    _after(actor, locked, transition, data)
    application.refresh_from_db()
    return application


def _check_before(application: Application, transition: str, data: dict) -> None:
    for key in ("meeting_date", "review_date", "survey_date", "stake_date", "inspection_date"):
        if data.get(key):
            try:
                day = date.fromisoformat(str(data[key]))
            except ValueError:
                raise ValidationError({key: "日期格式应为 YYYY-MM-DD"}) from None
            if day > timezone.localdate():
                raise ValidationError({key: "日期不能晚于今天"})
    if transition == "group_agree":
        for key in ("attendance", "votes_for"):
            if not re.fullmatch(r"[0-9]{1,6}", str(data.get(key, ""))):
                raise ValidationError({key: "应为整数"})
        if int(data["votes_for"]) > int(data["attendance"]):
            raise ValidationError({"votes_for": "同意人数不能多于到会人数"})
        if int(data["votes_for"]) * 2 <= int(data["attendance"]):
            raise ValidationError({"votes_for": "同意人数须超过到会人数的一半"})
    if transition == "publicity_end":
        if application.due_at and timezone.localdate() < timezone.localtime(application.due_at).date():
            last = timezone.localtime(application.due_at).date()
            raise ValidationError({"transition": f"公示期至 {last} 届满，届满前不能结束公示"})
        # This publicity's objections: one upheld in an earlier round led to the return already.
        this_round = application.objections.filter(created_at__gte=application.state_since)
        if this_round.filter(upheld__isnull=True).exists():
            raise ValidationError({"transition": "尚有未处理的公示异议"})
        if this_round.filter(upheld=True).exists():
            raise ValidationError({"transition": "公示异议成立，应退回申请人"})
    if transition == "joint_pass":
        signed = {o.part: o for o in application.opinions.filter(round=application.review_round)}
        missing = [label for part, label in ReviewOpinion.PARTS if part not in signed]
        if missing:
            raise ValidationError({"transition": f"尚待{'、'.join(missing)}部门签署联审意见"})
        against = [label for part, label in ReviewOpinion.PARTS if not signed[part].agree]
        if against:
            raise ValidationError({"transition": f"{'、'.join(against)}部门不同意，应退回"})
    if transition == "register" and application.kind in ("new", "relocate"):
        try:
            code = codes.check_parcel_code(str(data.get("parcel_code", "")))
        except codes.ParcelCodeError as exc:
            raise ValidationError({"parcel_code": str(exc)}) from None
        if not code.startswith(application.village.code):
            raise ValidationError({"parcel_code": f"宗地代码应以村代码 {application.village.code} 开头"})
        if Parcel.objects.filter(code=code).exists():
            raise ValidationError({"parcel_code": f"宗地代码“{code}”已登记"})
        data["parcel_code"] = code


def _after(actor, application: Application, transition: str, data: dict) -> None:
    changed = []
    if transition == "village_pass":
        application.review_round += 1  # a new round of department opinions
        changed.append("review_round")
    elif transition == "approve":
        application.approved_on = timezone.localdate()
        application.approval_number = _approval_number(application)
        changed += ["approved_on", "approval_number"]
    elif transition == "register":
        application.parcel = _register_parcel(actor, application, data)
        changed.append("parcel")
    if changed:
        application.save(update_fields=changed)


def _approval_number(application: Application) -> str:
    """宅批〔year〕第N号 with the application's own number: unique without a counter that two approvals at
    the same moment could both read (the numbers of a year are then not consecutive)."""
    return f"宅批〔{application.approved_on.year}〕第{application.code.rsplit('-', 1)[1]}号"


def _register_parcel(actor, application: Application, data: dict) -> Parcel:
    """不动产登记: the site becomes the household's registered parcel (a rebuilt one keeps its code)."""
    site = geo.load_geojson(application.geometry)
    fresh = parcel_record(geometry=site, village_id=application.village_id,
                          village_path=application.village.path)
    common = dict(
        location=application.location, household=application.household, certification="certified",
        certificate_number=str(data["certificate_number"])[:50], build_status="approved_built",
        use_status="in_use", **{s: getattr(application, s) for s in ("east", "south", "west", "north")},
    )
    old = None
    if application.old_parcel_id:
        old = Parcel.objects.select_for_update().get(pk=application.old_parcel_id)
        if old.household_id != application.household_id:
            raise ValidationError({"transition": f"原宅基地 {old.code} 已不属于申请户（可能已退出或流转），"
                                                 "请核实后办理"})
    if application.kind in ("rebuild", "extend") and old is not None:
        for field in ("geometry", "area_m2", "min_x", "min_y", "max_x", "max_y"):
            setattr(old, field, getattr(fresh, field))
        for field, value in common.items():
            setattr(old, field, value)
        old.save()
        parcel = old
    else:
        fresh.code = data["parcel_code"]
        for field, value in common.items():
            setattr(fresh, field, value)
        fresh.save()
        parcel = fresh
        if old is not None:  # 异址新建: the old homestead goes back to the collective
            old.household, old.use_status = None, "idle"
            old.save(update_fields=["household", "use_status"])
            audit.record(actor=actor.user, action="homestead.parcel.recover", obj=old,
                         changes={"application": application.code, "household": [application.household_id,
                                                                                 None]})
    audit.record(actor=actor.user, action="homestead.parcel.register", obj=parcel,
                 changes={"application": application.code, "area_m2": str(parcel.area_m2)})
    return parcel


# --- 公示 objections ------------------------------------------------------------------------------

@transaction.atomic
def record_objection(*, actor, application: Application, raised_by: str, content: str,
                     raised_on: date) -> Objection:
    if VILLAGE not in workflow_roles(actor, application):
        raise ValidationError({"objection": "只有村级审查人员可以登记公示异议"})
    # Locked like a step: an objection and the end of 公示 at the same moment cannot both go through.
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != "publicity":
        raise ValidationError({"objection": "只能在公示期间登记异议"})
    errors = {}
    if not raised_by.strip():
        errors["raised_by"] = "请填写异议人"
    if not content.strip():
        errors["content"] = "请填写异议内容"
    if raised_on > timezone.localdate():
        errors["raised_on"] = "提出日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(application=application, raised_by=raised_by.strip()[:50],
                                         content=content.strip(), raised_on=raised_on, recorded_by=actor.user)
    audit.record(actor=actor.user, action="homestead.application.objection", obj=application,
                 changes={"raised_by": objection.raised_by, "content": objection.content})
    # The village deals with it; the street hears of it too (an application it will review jointly).
    told = org_todo.holders(application.path, access.REVIEW_HOMESTEAD) + org_todo.holders(
        application.path, access.REVIEW_HOMESTEAD, max_depth=org_todo.STREET_DEPTH)
    notify.send(users=[u for u in told if u.pk != actor.user.pk], event="objection",
                title=f"宅基地审批：{application.code} 公示期收到异议",
                body=f"异议人 {objection.raised_by}：{objection.content[:80]}。请村级审查人员核实处理。",
                url=reverse("homestead:application", args=[application.pk]), obj=application,
                key=f"objection:{objection.pk}")
    return objection


@transaction.atomic
def resolve_objection(*, actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    objection = (Objection.objects.select_for_update().select_related("application__village")
                 .get(pk=objection.pk))
    if VILLAGE not in workflow_roles(actor, objection.application):
        raise ValidationError({"objection": "只有村级审查人员可以处理公示异议"})
    if objection.upheld is not None:
        raise ValidationError({"objection": "该异议已处理"})
    if not resolution.strip():
        raise ValidationError({"resolution": "请填写处理意见"})
    objection.upheld, objection.resolution = upheld, resolution.strip()
    objection.resolved_by, objection.resolved_at = actor.user, timezone.now()
    objection.save()
    audit.record(actor=actor.user, action="homestead.application.objection_resolved",
                 obj=objection.application,
                 changes={"objection": objection.pk, "upheld": upheld, "resolution": objection.resolution})
    return objection


# --- 街道联审: each department signs its part ------------------------------------------------------

@transaction.atomic
def sign_opinion(*, actor, application: Application, agree: bool, opinion: str) -> ReviewOpinion:
    access.require(actor, access.SIGN_HOMESTEAD, application.path)
    found = signing_part(actor)
    if found is None:
        raise ValidationError({"opinion": "您所在部门不参加宅基地联审（自然资源、住建、农业农村）"})
    part, department = found
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != "joint_review":
        raise ValidationError({"opinion": "该申请不在街道联审阶段"})
    if not opinion.strip():
        raise ValidationError({"opinion": "请填写审查意见"})
    if application.opinions.filter(round=application.review_round, part=part).exists():
        raise ValidationError({"opinion": f"{dict(ReviewOpinion.PARTS)[part]}部门已签署本轮意见"})
    signed = ReviewOpinion.objects.create(
        application=application, round=application.review_round, part=part, department=department,
        agree=agree, opinion=opinion.strip(), signed_by=actor.user, signed_at=timezone.now(),
    )
    audit.record(actor=actor.user, action="homestead.application.sign", obj=application,
                 changes={"part": part, "agree": agree, "opinion": signed.opinion})
    return signed
