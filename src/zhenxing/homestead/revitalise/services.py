"""Writes of 闲置盘活 (module 8): idle surveys and revitalisation projects with the parcels they use.

A parcel's 利用状态 follows these records: a survey marks it 闲置, joining a project marks it 盘活, and
leaving the project (or the project closing) returns it to 闲置.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.core import audit, audit_labels
from zhenxing.core.numbering import save_with_code
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.revitalise.models import IdleSurvey, ProjectParcel, RevitalisationProject
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

PROJECT_FIELDS = (
    "name",
    "kind",
    "operator_name",
    "operator_kind",
    "investment_yuan",
    "social_investment_yuan",
    "started_on",
    "status",
    "description",
)

audit_labels.declare({
    "homestead.idle.survey": "登记闲置调查",
    "homestead.project.add": "新建盘活项目",
    "homestead.project.edit": "修改盘活项目",
    "homestead.project.link": "盘活项目关联宗地",
    "homestead.project.unlink": "盘活项目移除宗地",
}, keys={"survey": "调查记录", "surveyed_on": "调查日期", "idle_kind": "闲置类型", "condition": "房屋状况",
         "intention": "农户意愿", "use_status": "宗地利用状态", "released": "释放的宗地"})


def _choice(errors: dict, name: str, value, choices, label: str) -> None:
    if value not in dict(choices):
        errors[name] = f"请从列表中选择{label}"


@transaction.atomic
def record_survey(
    *,
    actor,
    parcel: Parcel,
    surveyed_on: date | None,
    idle_kind: str,
    condition: str,
    intention: str,
    surveyor: str,
    note: str = "",
) -> IdleSurvey:
    access.require(actor, access.MANAGE_HOMESTEAD, parcel.path)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    errors = {}
    if surveyed_on is None:
        errors["surveyed_on"] = "请填写调查日期"
    elif surveyed_on > timezone.localdate():
        errors["surveyed_on"] = "调查日期不能晚于今天"
    _choice(errors, "idle_kind", idle_kind, IdleSurvey.KINDS, "闲置类型")
    _choice(errors, "condition", condition, IdleSurvey.CONDITIONS, "房屋状况")
    _choice(errors, "intention", intention, IdleSurvey.INTENTIONS, "农户意愿")
    if not (surveyor or "").strip():
        errors["surveyor"] = "请填写调查人"
    if ProjectParcel.objects.filter(parcel=parcel, released_on__isnull=True).exists():
        errors["parcel"] = f"宗地 {parcel.code} 已纳入盘活项目，不能登记为闲置；请先将其移出项目"
    if errors:
        raise ValidationError(errors)
    survey = IdleSurvey.objects.create(
        parcel=parcel,
        path=parcel.path,
        surveyed_on=surveyed_on,
        idle_kind=idle_kind,
        condition=condition,
        intention=intention,
        surveyor=surveyor.strip(),
        note=(note or "").strip(),
        created_by=actor.user,
    )
    before = parcel.use_status
    parcel.use_status = "idle"
    parcel.save(update_fields=["use_status"])
    audit.record(
        actor=actor.user,
        action="homestead.idle.survey",
        obj=parcel,
        changes={
            "survey": survey.pk,
            "surveyed_on": surveyed_on,
            "idle_kind": idle_kind,
            "condition": condition,
            "intention": intention,
            "use_status": [before, "idle"],
        },
    )
    return survey


def _check_project(
    errors: dict,
    *,
    name,
    kind,
    operator_name,
    operator_kind,
    investment_yuan,
    social_investment_yuan,
    started_on,
    status,
    **_,
):
    if not (name or "").strip():
        errors["name"] = "请填写项目名称"
    _choice(errors, "kind", kind, RevitalisationProject.KINDS, "项目类型")
    if not (operator_name or "").strip():
        errors["operator_name"] = "请填写经营主体"
    _choice(errors, "operator_kind", operator_kind, RevitalisationProject.OPERATOR_KINDS, "主体类型")
    _choice(errors, "status", status, RevitalisationProject.STATUSES, "项目状态")
    if investment_yuan is None or investment_yuan < 0:
        errors["investment_yuan"] = "总投资应为不小于 0 的金额（元）"
    if social_investment_yuan is None or social_investment_yuan < 0:
        errors["social_investment_yuan"] = "社会投资应为不小于 0 的金额（元）"
    elif investment_yuan is not None and social_investment_yuan > investment_yuan:
        errors["social_investment_yuan"] = "社会投资不能大于总投资"
    if started_on is None:
        errors["started_on"] = "请填写开工日期"
    elif started_on.year < 2000:
        errors["started_on"] = "开工日期应在 2000 年以后"


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


@transaction.atomic
def add_project(*, actor, village: OrgUnit | None, **fields) -> RevitalisationProject:
    if village is None:
        raise ValidationError({"village": "请选择所在村"})
    access.require(actor, access.MANAGE_HOMESTEAD, village.path)
    errors = {}
    if village.level != "village":
        errors["village"] = "项目所在地应为村或社区"
    _check_project(errors, **fields)
    if errors:
        raise ValidationError(errors)
    values = {k: fields.get(k) for k in PROJECT_FIELDS}
    values["investment_yuan"], values["social_investment_yuan"] = (
        _money(values["investment_yuan"]),
        _money(values["social_investment_yuan"]),
    )
    values["name"], values["operator_name"] = values["name"].strip(), values["operator_name"].strip()
    values["description"] = (values["description"] or "").strip()
    project = RevitalisationProject(village=village, path=village.path, **values)
    save_with_code(project, "PH", values["started_on"].year, width=4)
    audit.record(
        actor=actor.user,
        action="homestead.project.add",
        obj=project,
        changes={"village": village.name, **values},
    )
    return project


@transaction.atomic
def edit_project(*, actor, project: RevitalisationProject, **fields) -> RevitalisationProject:
    """Change the project's description; closing it (停业) releases its parcels back to 闲置."""
    access.require(actor, access.MANAGE_HOMESTEAD, project.path)
    project = RevitalisationProject.objects.select_for_update().get(pk=project.pk)
    errors = {}
    _check_project(errors, **fields)
    if errors:
        raise ValidationError(errors)
    before = {k: getattr(project, k) for k in PROJECT_FIELDS}
    for k in PROJECT_FIELDS:
        setattr(project, k, fields.get(k))
    project.investment_yuan = _money(project.investment_yuan)
    project.social_investment_yuan = _money(project.social_investment_yuan)
    project.description = (project.description or "").strip()
    project.save()
    released = []
    if project.status == "closed" and before["status"] != "closed":
        released = _release(project.links.filter(released_on__isnull=True), timezone.localdate())
    changes = audit.diff(before, {k: getattr(project, k) for k in PROJECT_FIELDS})
    audit.record(
        actor=actor.user,
        action="homestead.project.edit",
        obj=project,
        changes={**changes, **({"released": released} if released else {})},
    )
    return project


def _release(links, on: date) -> list[str]:
    links = list(links.select_related("parcel"))
    ProjectParcel.objects.filter(pk__in=[link.pk for link in links]).update(released_on=on)
    Parcel.objects.filter(pk__in=[link.parcel_id for link in links]).update(use_status="idle")
    return [link.parcel.code for link in links]


def street_path(path: str) -> str:
    """The street's path above a village path ('…/210113001/210113001201/' -> '…/210113001/')."""
    return path[: path.rstrip("/").rfind("/") + 1]


@transaction.atomic
def link_parcel(*, actor, project: RevitalisationProject, parcel: Parcel | None) -> ProjectParcel:
    """The project starts using an idle parcel of its street (a 片区 project may span villages)."""
    access.require(actor, access.MANAGE_HOMESTEAD, project.path)
    if parcel is None:
        raise ValidationError({"parcel": "请填写要纳入项目的宗地代码"})
    access.require(actor, access.MANAGE_HOMESTEAD, parcel.path)
    # Both rows locked: a project closed or a parcel linked elsewhere at the same moment is seen here.
    project = RevitalisationProject.objects.select_for_update().get(pk=project.pk)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    if project.status == "closed":
        raise ValidationError({"parcel": "项目已停业，不能纳入宗地"})
    if not parcel.path.startswith(street_path(project.path)):
        raise ValidationError({"parcel": f"宗地 {parcel.code} 不在项目所在街道内"})
    current = ProjectParcel.objects.filter(parcel=parcel, released_on__isnull=True).select_related("project")
    if current:
        raise ValidationError({"parcel": f"宗地 {parcel.code} 已属于项目“{current[0].project.name}”"})
    if parcel.use_status != "idle":
        raise ValidationError({"parcel": f"宗地 {parcel.code} 不是闲置宗地（请先登记闲置调查）"})
    try:
        with transaction.atomic():
            link = ProjectParcel.objects.create(
                project=project, parcel=parcel, linked_on=timezone.localdate()
            )
    except IntegrityError as exc:  # another request linked it a moment ago
        raise ValidationError({"parcel": f"宗地 {parcel.code} 已属于其他项目"}) from exc
    parcel.use_status = "revitalised"
    parcel.save(update_fields=["use_status"])
    audit.record(
        actor=actor.user,
        action="homestead.project.link",
        obj=project,
        changes={"parcel": parcel.code, "use_status": ["idle", "revitalised"]},
    )
    return link


@transaction.atomic
def unlink_parcel(*, actor, project: RevitalisationProject, parcel: Parcel) -> None:
    access.require(actor, access.MANAGE_HOMESTEAD, project.path)
    access.require(actor, access.MANAGE_HOMESTEAD, parcel.path)
    links = project.links.filter(parcel=parcel, released_on__isnull=True)
    if not links.exists():
        raise ValidationError({"parcel": f"宗地 {parcel.code} 不在本项目中"})
    _release(links, timezone.localdate())
    audit.record(
        actor=actor.user,
        action="homestead.project.unlink",
        obj=project,
        changes={"parcel": parcel.code, "use_status": ["revitalised", "idle"]},
    )
