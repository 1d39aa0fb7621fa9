import pytest
from django.http import Http404

from zhenxing.orgs import access
from zhenxing.orgs.access import actor_for
from zhenxing.orgs.models import OrgUnit
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_scope_is_the_subtree_of_the_assignment(district):
    actor = actor_for(factories.user("street_admin", district["street_a"]))
    codes = set(access.scoped(OrgUnit.objects.all(), actor, access.VIEW_ORGS).values_list("code", flat=True))
    assert "210113001201" in codes and "210113001201G001" in codes
    assert "210113002201" not in codes and "210113000000" not in codes


def test_outside_scope_answers_404_not_403(district):
    actor = actor_for(factories.user("village_secretary", district["village_a1"]))
    with pytest.raises(Http404):
        access.get_scoped(OrgUnit.objects.all(), actor, access.VIEW_ORGS, code="210113001202")
    assert access.get_scoped(OrgUnit.objects.all(), actor, access.VIEW_ORGS, code="210113001201")


def test_capabilities_come_from_the_role(district):
    cadre = actor_for(factories.user("village_cadre", district["village_a1"]))
    secretary = actor_for(factories.user("village_secretary", district["village_a1"]))
    assert cadre.can(access.VIEW_PEOPLE, district["village_a1"].path)
    assert not cadre.can(access.VIEW_PERSONAL, district["village_a1"].path)
    assert secretary.can(access.VIEW_PERSONAL, district["grid_a1"].path)
    assert not secretary.can(access.VIEW_PERSONAL, district["village_a2"].path)


def test_user_without_grants_sees_nothing(district):
    actor = actor_for(factories.user("nonexistent_role", district["county"]))
    assert not access.scoped(OrgUnit.objects.all(), actor, access.VIEW_ORGS).exists()


def test_nested_grants_collapse_to_the_outer_subtree(district):
    u = factories.user("street_admin", district["street_a"])
    from zhenxing.orgs.models import RoleAssignment

    RoleAssignment.objects.create(user=u, role="street_admin", org_unit=district["village_a1"])
    u = type(u).objects.get(pk=u.pk)
    assert actor_for(u).paths(access.VIEW_PEOPLE) == [district["street_a"].path]


def test_department_staff_scope_is_the_departments_unit(district):
    dept = factories.department(district["county"])
    actor = actor_for(factories.user("department_staff", dept))
    assert actor.can(access.VIEW_DASHBOARD, district["village_b2"].path)
    assert not actor.can(access.VIEW_PEOPLE)
