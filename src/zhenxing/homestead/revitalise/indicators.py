"""闲置盘活 figures: projects and their investment, and the parcels surveyed as idle."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.figures import homestead_indicator
from zhenxing.homestead.parcels.indicators import parcel_indicator, parcels_where
from zhenxing.homestead.revitalise.models import IdleSurvey, RevitalisationProject

PROJECT_COLUMNS = (
    Column("项目编号", lambda p: p.code),
    Column("项目名称", lambda p: p.name),
    Column("类型", lambda p: p.get_kind_display()),
    Column("村/社区", lambda p: p.village.name),
    Column("经营主体", lambda p: p.operator_name),
    Column("总投资(元)", lambda p: p.investment_yuan),
    Column("状态", lambda p: p.get_status_display()),
)


def project_url(p) -> str:
    return reverse("homestead:project", args=[p.pk])


def _projects():
    return RevitalisationProject.objects.select_related("village")


def _surveyed_parcels():
    return parcels_where()().filter(Exists(IdleSurvey.objects.filter(parcel=OuterRef("pk"))))


registry.register(
    homestead_indicator("projects", "盘活项目数", "个", _projects, PROJECT_COLUMNS, project_url, 81,
                        period_field="started_on"),
    homestead_indicator("project_investment", "盘活项目投资额", "元", _projects, PROJECT_COLUMNS, project_url,
                        82, sum_field="investment_yuan", kind=numbers.MONEY, period_field="started_on"),
    parcel_indicator("idle_surveyed", "闲置调查宗数", "宗", _surveyed_parcels, 83),
)
