"""闲置盘活's registers and writes, declared once: the pages, their Excel exports and the API derive from
these (orgs.registers, orgs.actions)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.revitalise import selectors as sel
from zhenxing.homestead.revitalise import services
from zhenxing.homestead.revitalise.forms import LinkForm, ProjectEditForm, ProjectForm, SurveyForm, UnlinkForm
from zhenxing.homestead.revitalise.models import IdleSurvey, RevitalisationProject
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

KIND = dict(IdleSurvey.KINDS)
CONDITION = dict(IdleSurvey.CONDITIONS)
INTENTION = dict(IdleSurvey.INTENTIONS)

IDLE = Register(
    name="idle",
    title="闲置宅基地台账",
    item="闲置宗地",
    rows=sel.idle_parcels,
    one=sel.idle_parcel,
    filter_class=sel.IdleFilter,
    filters=(
        Filter("q", "宗地代码或坐落"),
        Filter("village", "村/社区", "village"),
        Filter("idle_kind", "闲置类型", "select", tuple(IdleSurvey.KINDS)),
        Filter("intention", "农户意愿", "select", tuple(IdleSurvey.INTENTIONS)),
        Filter("surveyed", "调查情况", "select", tuple(sel.SURVEYED)),
    ),
    columns=(
        Column("宗地代码", lambda p: p.code, key="code"),
        Column("村/社区", lambda p: p.village.name, key="village"),
        Column("坐落", lambda p: p.location, key="location"),
        Column("面积(m²)", lambda p: p.area_m2, key="area_m2", kind=numbers.SQUARE_METRES),
        Column("权利人", lambda p: p.household.head.name if p.household and p.household.head else "",
               key="holder"),
        Column("最近调查", lambda p: p.survey_surveyed_on or "未调查", key="surveyed_on"),
        Column("闲置类型", lambda p: KIND.get(p.survey_idle_kind, ""), key="idle_kind"),
        Column("房屋状况", lambda p: CONDITION.get(p.survey_condition, ""), key="condition"),
        Column("农户意愿", lambda p: INTENTION.get(p.survey_intention, ""), key="intention"),
    ),
    url_of=lambda p: reverse("homestead:idle_parcel", args=[p.pk]),
    description="调查者权限范围内利用状态为闲置的宗地，附最近一次闲置调查（与页面相同）",
)

PROJECTS = Register(
    name="projects",
    title="盘活利用项目",
    item="盘活项目",
    rows=sel.projects,
    one=sel.project,
    filter_class=sel.ProjectFilter,
    filters=(
        Filter("q", "编号、名称或经营主体"),
        Filter("village", "村/社区", "village"),
        Filter("kind", "类型", "select", tuple(RevitalisationProject.KINDS)),
        Filter("status", "状态", "select", tuple(RevitalisationProject.STATUSES)),
    ),
    columns=(
        Column("项目编号", lambda p: p.code, key="code"),
        Column("项目名称", lambda p: p.name, key="name"),
        Column("类型", lambda p: p.get_kind_display(), key="kind"),
        Column("所在村", lambda p: p.village.name, key="village"),
        Column("经营主体", lambda p: p.operator_name, key="operator_name"),
        Column("主体类型", lambda p: p.get_operator_kind_display(), key="operator_kind"),
        Column("总投资(元)", lambda p: p.investment_yuan, key="investment_yuan", kind=numbers.YUAN),
        Column("社会投资(元)", lambda p: p.social_investment_yuan, key="social_investment_yuan",
               kind=numbers.YUAN),
        Column("宗数", lambda p: p.parcel_count, key="parcel_count", kind=numbers.COUNT),
        Column("开工日期", lambda p: p.started_on, key="started_on", kind=date),
        Column("状态", lambda p: p.get_status_display(), key="status"),
    ),
    url_of=lambda p: reverse("homestead:project", args=[p.pk]),
)


def _survey(actor, form, parcel):
    services.record_survey(actor=actor, parcel=parcel, **form.cleaned_data)
    return parcel


def _add_project(actor, form, record):
    return services.add_project(actor=actor, village=form.village(), **form.project_args())


def _edit_project(actor, form, project):
    return services.edit_project(actor=actor, project=project, **form.project_args())


def _link(actor, form, project):
    code = form.cleaned_data["parcel"].strip().upper()
    found = access.scoped(Parcel.objects.filter(code=code), actor, access.MANAGE_HOMESTEAD).first()
    if found is None:
        raise ValidationError({"parcel": f"宗地代码“{code}”不存在或不在您的管辖范围内"})
    form.cleaned_data["parcel_obj"] = found
    services.link_parcel(actor=actor, project=project, parcel=found)
    return project


def _unlink(actor, form, project):
    pk = form.cleaned_data["parcel"]
    found = access.scoped(Parcel.objects.filter(pk=pk), actor, access.VIEW_PEOPLE).first()
    if found is None:
        raise ValidationError({"parcel": "宗地不存在或不在您的管辖范围内"})
    form.cleaned_data["parcel_obj"] = found
    services.unlink_parcel(actor=actor, project=project, parcel=found)
    return project


def _plain(actor, record):
    return {}


def _edit_initial(actor, project):
    return {"actor": actor, "initial": {k: getattr(project, k) for k in services.PROJECT_FIELDS}}


RECORD_SURVEY = Action("survey", "登记闲置调查", SurveyForm, _survey, access.MANAGE_HOMESTEAD,
                       form_kwargs=_plain,
                       description="登记后宗地的利用状态为闲置；已纳入盘活项目的宗地不能登记")
ADD_PROJECT = Action("", "新建盘活项目", ProjectForm, _add_project, access.MANAGE_HOMESTEAD)
EDIT_PROJECT = Action("edit", "修改盘活项目", ProjectEditForm, _edit_project, access.MANAGE_HOMESTEAD,
                      form_kwargs=_edit_initial,
                      description="各字段须全部给出；状态改为停业时项目宗地恢复为闲置")
LINK_PARCEL = Action("link", "宗地纳入项目", LinkForm, _link, access.MANAGE_HOMESTEAD, form_kwargs=_plain,
                     description="纳入本街道内的闲置宗地，纳入后利用状态为盘活")
UNLINK_PARCEL = Action("unlink", "宗地移出项目", UnlinkForm, _unlink, access.MANAGE_HOMESTEAD,
                       form_kwargs=_plain, description="移出后宗地恢复为闲置")
