"""Two-factor sign-in (TOTP): required for administrators, optional for others, counted toward lock-out."""

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from zhenxing.core import personal, twofactor
from zhenxing.core.models import AuditEvent, LoginFailure, TwoFactorDevice
from zhenxing.orgs.api_auth import issue_token
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def _password(client, username):
    return client.post("/login/", {"username": username, "password": factories.PASSWORD})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_administrator_without_a_second_factor_is_kept_on_enrolment_until_done(client, district):
    factories.user("district_admin", district["county"], username="chief", two_factor=False)
    _password(client, "chief")
    for page in ("/", "/people/persons/", "/audit/", "/account/logins/"):
        assert client.get(page)["Location"] == "/account/2fa/", page
    refused = client.get("/api/v1/persons")
    assert refused.status_code == 403 and "两步验证" in refused.json()["detail"]

    page = client.get("/account/2fa/")
    assert "<svg" in page.content.decode() and "管理员账号必须使用两步验证" in page.content.decode()
    secret = page.context["secret"]
    wrong = client.post("/account/2fa/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    client.post("/account/2fa/", {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    shown = client.get("/account/2fa/")
    assert len(shown.context["new_codes"]) == twofactor.RECOVERY_CODES  # shown once, after enrolment
    assert client.get("/account/2fa/").context["new_codes"] is None
    assert "我的待办" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(action="two_factor.enrol", actor_name="chief").exists()


def test_the_secret_is_stored_encrypted_and_recovery_codes_hashed(district):
    chief = factories.user("district_admin", district["county"])
    device = TwoFactorDevice.objects.get(user=chief)
    secret = personal.decrypt(device.secret)
    assert len(secret) >= 16 and secret not in device.secret
    codes = twofactor.new_recovery_codes(chief)
    stored = list(chief.recovery_codes.values_list("code_hash", flat=True))
    assert not set(codes) & set(stored) and not any(c.replace("-", "") in h for c in codes for h in stored)


def test_an_enrolled_account_is_signed_in_only_after_the_code(client, district):
    chief = factories.user("district_admin", district["county"], username="chief")
    response = _password(client, "chief")
    assert response["Location"] == "/login/code/"
    assert not _signed_in(client)
    assert client.get("/people/persons/")["Location"].startswith("/login/")

    wrong = client.post("/login/code/", {"code": "123456"})
    assert wrong.status_code == 400 and "验证码错误" in wrong.content.decode()
    assert not _signed_in(client)
    assert AuditEvent.objects.filter(action="login.code_failed", actor_name="chief").exists()

    code = factories.totp_code(chief)
    assert client.post("/login/code/", {"code": code})["Location"] == "/"
    assert _signed_in(client)
    assert AuditEvent.objects.get(action="login", actor_name="chief").changes == {"method": "totp"}


def test_a_code_is_accepted_only_once(client, district):
    chief = factories.user("district_admin", district["county"], username="chief")
    code = factories.totp_code(chief)
    assert twofactor.verify(chief, code) == "totp"
    assert twofactor.verify(chief, code) is None


@override_settings(LOGIN_MAX_FAILURES=3)
def test_wrong_codes_count_toward_the_lock_out_like_wrong_passwords(client, district):
    chief = factories.user("district_admin", district["county"], username="chief")
    for _ in range(2):
        client.post("/login/", {"username": "chief", "password": "wrong-password-1"})
    _password(client, "chief")
    third = client.post("/login/code/", {"code": "111111"})
    assert "已锁定" in third.content.decode()
    locked = client.post("/login/code/", {"code": factories.totp_code(chief)})
    assert "已锁定" in locked.content.decode() and not _signed_in(client)
    assert LoginFailure.objects.filter(username="chief").count() == 3
    assert "已锁定" in _password(client, "chief").content.decode()


def test_a_recovery_code_signs_in_once(client, district):
    chief = factories.user("district_admin", district["county"], username="chief")
    codes = twofactor.new_recovery_codes(chief)
    _password(client, "chief")
    assert client.post("/login/code/", {"code": codes[0].lower()})["Location"] == "/"
    client.post("/logout/")
    _password(client, "chief")
    assert client.post("/login/code/", {"code": codes[0]}).status_code == 400
    assert twofactor.recovery_codes_left(chief) == twofactor.RECOVERY_CODES - 1


@override_settings(ZHENXING_REQUIRE_2FA=False)
def test_the_requirement_can_be_switched_off(client, district):
    factories.user("district_admin", district["county"], username="chief", two_factor=False)
    _password(client, "chief")
    assert "我的待办" in client.get("/").content.decode()


def test_other_roles_may_enrol_and_remove_it_but_administrators_may_not_remove_it(client, district):
    secretary = factories.user("village_secretary", district["village_a1"], username="shuji")
    _password(client, "shuji")
    assert "我的待办" in client.get("/").content.decode()  # not required
    secret = client.get("/account/2fa/").context["secret"]
    client.post("/account/2fa/", {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    assert twofactor.is_enrolled(secretary)
    client.post("/logout/")
    assert _password(client, "shuji")["Location"] == "/login/code/"  # now asked for
    client.post("/login/code/", {"code": factories.totp_code(secretary)})
    client.post("/account/2fa/", {"action": "remove", "code": factories.totp_code(secretary)})
    assert not twofactor.is_enrolled(secretary)

    chief = factories.user("district_admin", district["county"], username="chief")
    client.force_login(chief)
    refused = client.post("/account/2fa/", {"action": "remove", "code": factories.totp_code(chief)})
    assert refused.status_code == 400 and "不能自行关闭" in refused.content.decode()
    assert twofactor.is_enrolled(chief)


def test_api_tokens_are_unaffected(client, district):
    """A token is issued by an administrator to a script; it carries no second factor by design."""
    chief = factories.user("district_admin", district["county"])
    token = issue_token(user=chief, name="脚本")
    assert client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_the_security_administrator_resets_a_lost_second_factor(client, district):
    chief = factories.user("district_admin", district["county"], username="chief")
    officer = factories.user("security_admin", district["county"])
    client.force_login(officer)
    client.post("/security/", {"action": "reset_2fa", "username": "chief"})
    assert not twofactor.is_enrolled(chief)
    assert AuditEvent.objects.filter(action="security.two_factor_reset", object_repr="chief").exists()
    client.post("/logout/")
    _password(client, "chief")
    assert client.get("/")["Location"] == "/account/2fa/"
    assert get_user_model().objects.get(username="chief").is_active
