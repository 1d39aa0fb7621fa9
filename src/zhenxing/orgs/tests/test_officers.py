"""三员分立: the system, security and audit administrators each hold one duty and none holds another's."""

import pytest

from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access
from zhenxing.orgs.access import MANAGE_SECURITY, MANAGE_USERS, ROLES, VIEW_AUDIT
from zhenxing.orgs.models import RoleAssignment
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
DUTIES = {"system_admin": MANAGE_USERS, "security_admin": MANAGE_SECURITY, "audit_admin": VIEW_AUDIT}
PAGES = {"system_admin": "/users/", "security_admin": "/security/", "audit_admin": "/audit/"}


def test_each_officer_holds_its_own_duty_and_no_other_and_no_business_data():
    business = {c for role, (_, caps) in ROLES.items() if role not in DUTIES for c in caps}
    for role, duty in DUTIES.items():
        caps = ROLES[role][1]
        assert duty in caps, role
        assert not caps & (set(DUTIES.values()) - {duty}), role
        assert not caps & (business - {access.VIEW_ORGS}), role
    for role in ("district_admin", "street_admin"):  # business administrators keep business only
        assert not ROLES[role][1] & set(DUTIES.values()), role


@pytest.mark.parametrize("role", sorted(DUTIES))
def test_each_officer_opens_its_own_page_only(client, district, role):
    client.force_login(factories.user(role, district["county"]))
    assert f'href="{PAGES[role]}"' in client.get("/").content.decode()  # home names the page of its duty
    for other, page in PAGES.items():
        assert client.get(page).status_code == (200 if other == role else 404), page
    assert client.get("/people/persons/").status_code == 404


def test_the_auditor_reads_sign_ins_but_the_system_administrator_cannot(client, district):
    factories.user("village_cadre", district["village_a1"], username="ganbu")
    client.post("/login/", {"username": "ganbu", "password": "wrong-password-1"})
    client.force_login(factories.user("audit_admin", district["county"]))
    assert "login.failed" in client.get("/audit/").content.decode()
    client.force_login(factories.user("system_admin", district["county"]))
    assert client.get("/audit/?action=login").status_code == 404


def test_the_system_administrator_grants_business_roles_but_not_the_officers(client, district):
    client.force_login(factories.user("system_admin", district["county"]))
    refused = client.post("/users/", {"username": "x", "password": "short", "role": "audit_admin",
                                      "place": "999"})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "角色：系统管理员、安全管理员、安全审计员只能由超级用户" in body
    assert "单位：找不到单位或部门“999”" in body
    assert "初始密码：" in body  # every error at once
    assert not RoleAssignment.objects.filter(role="audit_admin", user__username="x").exists()

    client.post("/users/", {"username": "wang", "name": "王网格", "password": "Initial-pass-2024",
                            "role": "grid_worker", "place": district["grid_a1"].code})
    assert RoleAssignment.objects.get(user__username="wang").role == "grid_worker"
    assert AuditEvent.objects.filter(action="user.create", object_repr="wang").exists()
    assert "王网格" in client.get("/users/").content.decode()


def test_a_street_system_administrator_grants_only_inside_its_street(client, district):
    client.force_login(factories.user("system_admin", district["street_a"]))
    refused = client.post("/users/", {"username": "li", "password": "Initial-pass-2024",
                                      "role": "grid_worker", "place": district["village_b1"].code})
    assert "不在您的管理范围内" in refused.content.decode()


def test_the_security_administrator_unlocks_an_account(client, district, settings):
    factories.user("village_cadre", district["village_a1"], username="ganbu")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/login/", {"username": "ganbu", "password": "wrong-password-1"})
    client.force_login(factories.user("security_admin", district["county"]))
    assert [u.username for u, _ in client.get("/security/").context["locked"]] == ["ganbu"]
    client.post("/security/", {"action": "unlock", "username": "ganbu"})
    assert client.get("/security/").context["locked"] == []
    assert AuditEvent.objects.filter(action="security.unlock", object_repr="ganbu").exists()
