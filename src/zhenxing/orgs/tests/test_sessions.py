"""Session limits: one signed-in session per account by default, an idle timeout, sessions ended by the
security administrator; the ended browser is told why on the login page."""

import time

import pytest
from django.test import Client, override_settings

from zhenxing.core.models import UserSession
from zhenxing.orgs import signin
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def _sign_in(username):
    c = Client(HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/126.0.0.0 Safari/537.36")
    c.post("/login/", {"username": username, "password": factories.PASSWORD})
    return c


def test_signing_in_elsewhere_ends_the_older_session(district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    first = _sign_in("shuji")
    assert first.get("/people/persons/").status_code == 200
    second = _sign_in("shuji")
    ended = first.get("/people/persons/")
    assert ended.status_code == 302 and "reason=superseded" in ended["Location"]
    assert "您的账号已在其他地方登录" in first.get(ended["Location"]).content.decode()
    assert second.get("/people/persons/").status_code == 200
    assert UserSession.objects.get(ended_reason="superseded").user.username == "shuji"


@override_settings(ZHENXING_MAX_SESSIONS=2)
def test_the_limit_is_configurable(district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    clients = [_sign_in("shuji") for _ in range(3)]
    assert [c.get("/people/persons/").status_code for c in clients] == [302, 200, 200]


@override_settings(ZHENXING_IDLE_MINUTES=30)
def test_an_idle_session_ends(district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    c = _sign_in("shuji")
    session = c.session
    session[signin.SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = c.get("/people/persons/")
    assert response.status_code == 302 and "reason=idle" in response["Location"]
    assert "长时间未操作" in c.get(response["Location"]).content.decode()
    assert c.get("/people/persons/")["Location"].startswith("/login/")


@override_settings(ZHENXING_IDLE_MINUTES=30)
def test_activity_keeps_a_session_alive(district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    c = _sign_in("shuji")
    session = c.session
    session[signin.SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert c.get("/people/persons/").status_code == 200
    assert c.session[signin.SEEN] >= int(time.time()) - 5


def test_the_security_administrator_sees_and_ends_sessions(client, district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    victim = _sign_in("shuji")
    client.force_login(factories.user("security_admin", district["county"]))
    page = client.get("/security/")
    listed = [s for s, agent in page.context["sessions"] if s.user.username == "shuji"]
    assert len(listed) == 1 and "Chrome 126 · Windows" in page.content.decode()
    client.post("/security/", {"action": "end_session", "session": listed[0].pk})
    response = victim.get("/people/persons/")
    assert "reason=security" in response["Location"]


def test_logging_out_ends_the_session_record(client, district):
    factories.user("village_secretary", district["village_a1"], username="shuji")
    c = _sign_in("shuji")
    c.post("/logout/")
    assert UserSession.objects.get().ended_reason == "logout"
