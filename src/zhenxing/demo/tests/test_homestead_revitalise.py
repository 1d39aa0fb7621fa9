"""The demo's 闲置盘活, 执法监管 and 政策制度 records: the seed's figures and the rules the demo relies on."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from zhenxing.demo import generate
from zhenxing.homestead.enforcement.models import Violation
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.policies import rules
from zhenxing.homestead.policies.models import Policy
from zhenxing.homestead.revitalise.models import IdleSurvey, ProjectParcel, RevitalisationProject

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.load_demo(seed=7, scale=0.02)
        transaction.set_rollback(True)


def test_sixteen_projects_invest_98_million_and_hold_every_revitalised_parcel(demo):
    projects = RevitalisationProject.objects.all()
    assert projects.count() == 16 and {p.kind for p in projects} <= {"homestay", "tourism"}
    assert sum(p.investment_yuan for p in projects) == Decimal(98_000_000)
    assert all(p.social_investment_yuan <= p.investment_yuan for p in projects)
    names = set(projects.values_list("name", flat=True))
    assert {"大孤柳村“稻梦小镇”民宿", "大丁村“丁丁营地”", "前屯村“休闲生态产业园”"} <= names
    linked = set(ProjectParcel.objects.filter(released_on__isnull=True).values_list("parcel_id", flat=True))
    assert linked == set(Parcel.objects.filter(use_status="revitalised").values_list("pk", flat=True))
    assert demo["project_parcels"] == demo["revitalised_parcels"]


def test_every_idle_parcel_has_a_survey(demo):
    idle = Parcel.objects.filter(use_status="idle")
    assert not idle.exclude(idle_surveys__isnull=False).exists()
    assert IdleSurvey.objects.count() == demo["idle_surveys"]


def test_thirty_policies_set_the_rules_to_the_values_the_demo_assumes(demo):
    assert Policy.objects.count() == 30 and Policy.objects.filter(status="repealed").count() == 1
    assert rules.value("area_cap_m2") == Decimal(settings.ZHENXING_HOMESTEAD_AREA_CAP_M2)
    assert rules.value("publicity_working_days") == 5
    assert rules.value("fee_over_area_yuan_per_m2") == Decimal("5.00")
    assert all(rules.source(key) is not None for key in rules.RULES)


def test_violations_are_mostly_unapproved_building_in_every_state_some_overdue(demo):
    kinds = list(Violation.objects.values_list("kind", flat=True))
    assert kinds.count("unapproved") > len(kinds) / 2
    assert set(Violation.objects.values_list("state", flat=True)) >= {"closed", "pending"}
    assert demo["violations_overdue"] >= 1
