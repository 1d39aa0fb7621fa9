import pytest
from django.contrib.auth import get_user_model

from zhenxing import cli
from zhenxing.orgs.models import ApiToken, RoleAssignment

pytestmark = pytest.mark.django_db


def test_createadmin_checks_the_password_and_grants_district_admin(district, monkeypatch, capsys):
    monkeypatch.setenv("ZHENXING_ADMIN_PASSWORD", "short")
    with pytest.raises(SystemExit, match="密码不符合要求"):
        cli.main(["createadmin", "boss", "--unit", "210113000000"])
    monkeypatch.setenv("ZHENXING_ADMIN_PASSWORD", "Strong-pass-2024")
    cli.main(["createadmin", "boss", "--unit", "210113000000"])
    user = get_user_model().objects.get(username="boss")
    assert user.check_password("Strong-pass-2024") and user.is_superuser
    assert RoleAssignment.objects.filter(
        user=user, role="district_admin", org_unit=district["county"]
    ).exists()


def test_token_is_printed_once_and_only_its_hash_is_kept(district, capsys, client):
    from zhenxing.testing import factories

    factories.user("village_secretary", district["village_a1"], username="sec")
    cli.main(["token", "sec", "手机端"])
    token = capsys.readouterr().out.strip()
    assert token.startswith("zx_")
    assert not ApiToken.objects.filter(key_hash=token).exists()
    response = client.get("/api/v1/org-units/210113001201", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_token_for_unknown_user_fails_in_chinese():
    with pytest.raises(SystemExit, match="不存在"):
        cli.main(["token", "ghost"])
