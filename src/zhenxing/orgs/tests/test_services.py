import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core.models import AuditEvent
from zhenxing.orgs import services
from zhenxing.orgs.access import actor_for
from zhenxing.orgs.models import OrgUnit, RoleAssignment
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(district):
    return actor_for(factories.user("district_admin", district["county"]))


def test_a_unit_gets_its_level_parent_and_path_from_its_code(admin, district):
    unit = services.create_org_unit(actor=admin, code="210113001203", name="新村")
    assert unit.level == "village" and unit.parent == district["street_a"]
    assert unit.path == district["street_a"].path + "210113001203/"
    assert AuditEvent.objects.filter(action="org_unit.create", object_id=str(unit.pk)).exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("210113009201", "上级单位“210113009000”不存在"),
        ("2101130012", "12位数字"),
        ("210113001500", "001-399"),
    ],
)
def test_bad_codes_are_refused(admin, district, code, message):
    with pytest.raises(ValidationError, match=message):
        services.create_org_unit(actor=admin, code=code, name="x")
    assert not OrgUnit.objects.filter(code=code).exists()


def test_street_admin_cannot_create_units_in_another_street(district):
    actor = actor_for(factories.user("street_admin", district["street_a"]))
    with pytest.raises(Http404):
        services.create_org_unit(actor=actor, code="210113002203", name="x")
    assert services.create_org_unit(actor=actor, code="210113001201G002", name="第二网格").level == "grid"


def test_roles_are_granted_only_by_system_administrators_and_audited(admin, district):
    target = factories.user("villager", district["village_a1"])
    with pytest.raises(Http404):  # 三员分立: the district's business administrator no longer grants roles
        services.assign_role(actor=admin, user=target, role="grid_worker", org_unit=district["grid_a1"])
    admin = actor_for(factories.user("system_admin", district["county"]))
    services.assign_role(actor=admin, user=target, role="grid_worker", org_unit=district["grid_a1"])
    assert RoleAssignment.objects.filter(user=target, role="grid_worker").exists()
    assert AuditEvent.objects.filter(action="role.assign").exists()
    street = actor_for(factories.user("street_admin", district["street_a"]))
    with pytest.raises(Http404):
        services.assign_role(actor=street, user=target, role="district_admin", org_unit=district["street_a"])
    with pytest.raises(ValidationError, match="未知角色"):
        services.assign_role(actor=admin, user=target, role="king", org_unit=district["county"])
