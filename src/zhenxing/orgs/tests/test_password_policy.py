"""Password age and history (等保 2.0): an expired password is changed right after sign-in; the last N are
not used again; a password an administrator chose is changed at the first sign-in."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from zhenxing.core import passwords
from zhenxing.core.models import AuditEvent, PasswordHistory
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
NEW = ["Fresh-pass-2031", "Fresh-pass-2032", "Fresh-pass-2033"]


def _age(user, days: int) -> None:
    PasswordHistory.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=days))


def _change(client, old, new):
    return client.post("/account/password/", {"old": old, "new": new, "repeat": new})


@override_settings(ZHENXING_PASSWORD_MAX_AGE_DAYS=90)
def test_an_expired_password_is_changed_right_after_sign_in(client, district):
    user = factories.user("village_secretary", district["village_a1"], username="shuji")
    _age(user, 91)
    assert passwords.expired(user)
    client.post("/login/", {"username": "shuji", "password": factories.PASSWORD})
    for page in ("/", "/people/persons/", "/account/2fa/"):
        assert client.get(page)["Location"] == "/account/password/", page
    assert "密码已过期" in client.get("/account/password/").content.decode()
    _change(client, factories.PASSWORD, NEW[0])
    assert client.get("/people/persons/").status_code == 200  # the same session goes on
    assert not passwords.expired(user)
    assert AuditEvent.objects.filter(action="password.change", actor_name="shuji").exists()


@override_settings(ZHENXING_PASSWORD_MAX_AGE_DAYS=90)
def test_a_password_within_its_age_is_not_asked_for(client, district):
    user = factories.user("village_secretary", district["village_a1"], username="shuji")
    _age(user, 89)
    client.post("/login/", {"username": "shuji", "password": factories.PASSWORD})
    assert client.get("/people/persons/").status_code == 200


@override_settings(ZHENXING_PASSWORD_HISTORY=3)
def test_the_last_passwords_are_refused_in_chinese(client, district):
    user = factories.user("village_secretary", district["village_a1"])
    client.force_login(user)
    current = factories.PASSWORD
    for new in NEW[:2]:
        assert _change(client, current, new).status_code == 302
        current = new
    for old in (factories.PASSWORD, NEW[0], NEW[1]):
        refused = _change(client, current, old)
        assert refused.status_code == 400
        assert "新密码不能与最近 3 次使用过的密码相同" in refused.content.decode()
    assert _change(client, current, NEW[2]).status_code == 302
    assert _change(client, NEW[2], factories.PASSWORD).status_code == 302  # four back: allowed again


def test_every_error_of_the_form_is_shown_at_once(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    response = client.post("/account/password/", {"old": "not-it", "new": "short", "repeat": "other"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "当前密码：当前密码不正确" in body and "两次输入的新密码不一致" in body and "新密码：" in body


def test_a_user_made_by_the_system_administrator_changes_the_password_at_first_sign_in(client, district):
    client.force_login(factories.user("system_admin", district["county"]))
    client.post("/users/", {"username": "xinren", "name": "新人", "password": "Initial-pass-2024",
                            "role": "village_cadre", "place": district["village_a1"].code})
    client.post("/logout/")
    client.post("/login/", {"username": "xinren", "password": "Initial-pass-2024"})
    assert client.get("/")["Location"] == "/account/password/"
