import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from zhenxing.core.models import AuditEvent
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    """The login form, and the second-factor step when the account has one."""
    response = client.post("/login/", {"username": username, "password": password})
    if response.status_code == 302 and response["Location"] == "/login/code/":
        user = get_user_model().objects.get(username=username)
        response = client.post("/login/code/", {"code": factories.totp_code(user)})
    return response


def test_pages_require_login(client):
    response = client.get("/people/persons/?village=1")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/people/persons/")


def test_good_login_is_audited_and_lands_on_the_queue(client, district):
    factories.user("district_admin", district["county"], username="chief")
    response = _login(client, "chief", factories.PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_name="chief").exists()
    home = client.get("/")
    assert home.status_code == 200 and "我的待办" in home.content.decode()


def test_failed_login_is_audited_with_a_chinese_message(client, district):
    factories.user("district_admin", district["county"], username="chief")
    response = _login(client, "chief", "wrong-password-1")
    assert response.status_code == 400
    assert "用户名或密码错误" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.failed", actor_name="chief").exists()


@override_settings(LOGIN_MAX_FAILURES=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, district):
    factories.user("district_admin", district["county"], username="chief")
    for _ in range(3):
        _login(client, "chief", "wrong-password-1")
    response = _login(client, "chief", factories.PASSWORD)
    assert response.status_code == 400
    assert "已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_is_audited(client, district):
    factories.user("district_admin", district["county"], username="chief")
    _login(client, "chief", factories.PASSWORD)
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert AuditEvent.objects.filter(action="logout", actor_name="chief").exists()
    assert client.get("/people/persons/").status_code == 302


def test_open_redirect_after_login_is_refused(client, district):
    factories.user("district_admin", district["county"], username="chief")
    response = client.post(
        "/login/", {"username": "chief", "password": factories.PASSWORD, "next": "https://evil.example/"}
    )
    chief = get_user_model().objects.get(username="chief")
    response = client.post("/login/code/", {"code": factories.totp_code(chief)})
    assert response["Location"] == "/"


def test_security_headers_and_session_expiry(client, settings):
    response = client.get("/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_password_rules_reject_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1", "onlyletterslong", "1234567890123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Zhenxing2023demo")
