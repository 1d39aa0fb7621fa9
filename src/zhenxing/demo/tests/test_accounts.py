"""Demo accounts: one per role, each signs in and reaches its start page; a second run changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from zhenxing.core.models import AuditEvent
from zhenxing.demo import accounts, generate
from zhenxing.orgs.access import ROLES, actor_for
from zhenxing.orgs.models import RoleAssignment
from zhenxing.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def logins(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        generate.load_demo(seed=2023, scale=0.01)
        yield accounts.ensure_demo_accounts()
        transaction.set_rollback(True)


def test_one_account_per_role_at_the_named_places(logins):
    users = {u.username: u for u in get_user_model().objects.all()}
    roles = {a.role for a in RoleAssignment.objects.all()}
    assert roles == set(ROLES)
    assert [(name, place) for name, _, place in logins] == [
        ("admin", "沈北新区"), ("street_magang", "马刚街道"), ("reviewer_magang", "马刚街道"),
        ("secretary_magang", "马刚村"), ("cadre_magang", "马刚村"), ("first_secretary_magang", "马刚村"),
        ("grid_magang", "马刚村第一网格"), ("dept_nongye", "农业农村局"), ("villager_magang", "马刚村"),
        ("sysadmin", "沈北新区"), ("secadmin", "沈北新区"), ("auditor", "沈北新区"),
    ]
    assert dict((name, label) for name, label, _ in logins)["admin"] == "区级管理员"
    assert RoleAssignment.objects.get(user=users["admin"]).org_unit.code == "210113000000"
    assert RoleAssignment.objects.get(user=users["grid_magang"]).org_unit.code.endswith("G001")
    assert RoleAssignment.objects.get(user=users["dept_nongye"]).department.name == "农业农村局"
    for user in users.values():
        assert user.first_name and not user.is_superuser
        # The rules a new password meets (an unsaved twin: the account's own history refuses its password).
        validate_password(accounts.DEMO_PASSWORD,
                          user=get_user_model()(username=user.username, first_name=user.first_name))


def test_the_villager_is_a_household_head_of_magang_village(logins):
    person = Person.objects.select_related("village", "household").get(user__username="villager_magang")
    assert person.relation == "head" and person.household.head_id == person.pk
    assert person.village.name == "马刚村"
    assert person.user.first_name == person.name


def test_the_village_secretary_account_is_named_after_the_village_secretary(logins):
    user = get_user_model().objects.get(username="secretary_magang")
    assert Person.objects.filter(posts__post="village_secretary", posts__org_unit__name="马刚村",
                                 name=user.first_name).exists()


@pytest.mark.parametrize("username", [a.username for a in accounts.ACCOUNTS])
def test_each_account_signs_in_and_reaches_its_start_page(logins, client, username, settings):
    settings.ZHENXING_REQUIRE_2FA = False  # as `zhenxing demo` runs
    response = client.post("/login/", {"username": username, "password": accounts.DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user.username == username
    assert not response.redirect_chain  # home is the user's own work, not a detour to /account/
    assert any(h in response.content.decode() for h in ("我的待办", "今日工作", "您好", "工作台")), username


def test_with_two_factor_required_a_demo_administrator_is_sent_to_enrol(logins, client, settings):
    settings.ZHENXING_REQUIRE_2FA = True
    client.post("/login/", {"username": "auditor", "password": accounts.DEMO_PASSWORD})
    assert client.get("/audit/")["Location"] == "/account/2fa/"


def test_scopes_follow_the_roles(logins):
    users = get_user_model().objects
    assert actor_for(users.get(username="admin")).home_path() == "21/2101/210113/"
    assert actor_for(users.get(username="street_magang")).home_path() == "21/2101/210113/210113001/"
    assert actor_for(users.get(username="secretary_magang")).home_path().endswith("/210113001201/")


def test_running_again_changes_nothing(logins):
    users = list(get_user_model().objects.order_by("pk").values_list("pk", "password", "first_name"))
    assignments = RoleAssignment.objects.count()
    events = AuditEvent.objects.count()
    assert accounts.ensure_demo_accounts() == logins
    assert list(get_user_model().objects.order_by("pk").values_list("pk", "password", "first_name")) == users
    assert RoleAssignment.objects.count() == assignments
    assert AuditEvent.objects.count() == events
    assert Person.objects.filter(user__isnull=False).count() == 1


def test_creation_is_audited_once_as_a_system_action(logins):
    event = AuditEvent.objects.get(action="demo.accounts")
    assert event.actor_id is None and event.actor_name == "system"
    assert sorted(event.changes["created"]) == sorted(a.username for a in accounts.ACCOUNTS)
