"""登录记录: a user sees their own last sign-in attempts, failures included, in Beijing time."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from zhenxing.core.logins import short_agent
from zhenxing.core.models import LoginEvent
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 Chrome/116.0.0.0 Mobile Safari/537.36"


def test_the_user_sees_successes_and_failures_with_time_ip_and_device(district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    factories.user("village_cadre", district["village_a1"], username="ganbu")
    c = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="10.1.2.3")
    c.post("/login/", {"username": "shuji", "password": "wrong-password-1"})
    c.post("/login/", {"username": "ganbu", "password": "wrong-password-1"})
    c.post("/login/", {"username": "shuji", "password": factories.PASSWORD})
    LoginEvent.objects.filter(result="bad_password", username="shuji").update(
        created_at=datetime(2024, 5, 1, 16, 30, tzinfo=UTC))

    page = c.get("/account/logins/")
    rows = page.context["rows"]
    assert [e.get_result_display() for e, _ in rows] == ["成功", "密码错误"]
    body = page.content.decode()
    assert "2024-05-02 00:30:00" in body  # 16:30 UTC is 00:30 the next day in Asia/Shanghai
    assert "10.1.2.3" in body and "Chrome 116 · Android" in body and "ganbu" not in body


def test_at_most_fifty_rows_are_shown(client, district):
    user = factories.user("village_secretary", district["village_a1"], username="shuji")
    LoginEvent.objects.bulk_create(LoginEvent(user=user, username="shuji", result="bad_password")
                                   for _ in range(60))
    client.force_login(user)
    assert len(client.get("/account/logins/").context["rows"]) == 50


def test_user_agents_are_shortened():
    assert short_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87") == "Edge 126 · Windows"
    wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0"
    assert short_agent(wechat) == "微信 · iPhone"
    assert short_agent("") == "未知"
