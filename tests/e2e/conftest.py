"""A small district for the browser tests, and a way to sign in through the real login form.

The live server runs in another thread with its own connection, so the data must be committed:
hence `transactional_db` rather than `db`.
"""

import threading
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from zhenxing.testing import factories


@pytest.fixture(scope="session")
def live_server(live_server):
    """On SQLite in memory every request thread of the live server shares the one connection of the test
    database, so two requests at once (a double click) interleave their transactions on it and one fails
    at commit (seen under load: a foreign key error). There the server answers one request at a time, as
    SQLite itself serialises writers; on PostgreSQL each thread has its own connection and they overlap."""
    if live_server.thread.connections_override:
        httpd = live_server.thread.httpd
        httpd.set_app(_one_at_a_time(httpd.get_app()))
    return live_server


_SERIAL = threading.Lock()  # held by the live server's request on SQLite in memory


@pytest.fixture(autouse=True)
def _no_request_in_flight(transactional_db):
    """The test's browser is closed before this ends, but a request it sent last (the menu counts fetched
    after a page loads) may still be running in the server: wait for it before the database is flushed, or
    its commit meets the emptied tables (seen in CI: a foreign key error at teardown, then every later test
    of the worker failing on leftovers)."""
    yield
    with _SERIAL:
        pass


def _one_at_a_time(app):
    lock = _SERIAL

    def serial(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                return [b"".join(result)]  # a streamed body may still read the database
            finally:
                if hasattr(result, "close"):
                    result.close()

    return serial


@pytest.fixture
def browser_context_args(browser_context_args):
    # The district's staff run Chinese browsers; Django's LocaleMiddleware follows Accept-Language.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def world(transactional_db):
    units = factories.district()
    a1, b1, grid_a1 = units["village_a1"], units["village_b1"], units["grid_a1"]

    # Household 1 in village A1: head, spouse, child; the head is a party member.
    home = factories.household(a1, grid_a1)
    head = factories.person(home, name="王建国", birth=date(1968, 3, 12), political_status="cpc")
    spouse = factories.person(home, name="李秀英", relation="spouse", birth=date(1970, 8, 2), gender="F")
    child = factories.person(home, name="王小明", relation="child", birth=date(1995, 1, 20),
                             political_status="cyl")
    factories.party_member(head, factories.branch(a1))

    # Household 2 in village A2, with a namesake prefix so that a name search finds two people.
    a2_home = factories.household(units["village_a2"], units["grid_a2"])
    namesake = factories.person(a2_home, name="王建华", birth=date(1968, 3, 12), political_status="cpc")

    # Household 3 in village B1 (street B): outside a street-A or village-A1 user's scope.
    b_home = factories.household(b1, units["grid_b1"])
    outsider = factories.person(b_home, name="赵外村", birth=date(1980, 6, 6))

    users = SimpleNamespace(
        district_admin=factories.user("district_admin", units["county"], username="quguan"),
        street_admin=factories.user("street_admin", units["street_a"], username="jiedao"),
        village_secretary=factories.user("village_secretary", a1, username="cunshuji"),
        village_cadre=factories.user("village_cadre", a1, username="cunganbu"),
    )
    return SimpleNamespace(
        units=units, home=home, head=head, spouse=spouse, child=child, namesake=namesake,
        b_home=b_home, outsider=outsider, users=users, password=factories.PASSWORD,
    )


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(username, password) submits the login form and waits for the answer; an account with a
    second factor (administrators: factories.user enrols them) then types the code its authenticator shows."""

    def submit(username: str, password: str = factories.PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="登录").click()
        if page.url.endswith("/login/code/"):
            user = get_user_model().objects.get(username=username)
            page.get_by_label("验证码").fill(factories.totp_code(user))
            with page.expect_navigation():
                page.get_by_role("button", name="验证并登录").click()
        return page

    return submit


@pytest.fixture
def as_user(sign_in):
    """as_user(user) signs the page in as that user and returns the page."""

    def enter(user):
        page = sign_in(user.username)
        assert "/login/" not in page.url, f"{user.username} 登录失败"
        return page

    return enter
