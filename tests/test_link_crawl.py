"""Every link a role is shown leads somewhere: signed in as each role, start at the home page and at every
entry of its menu, follow every internal link breadth-first, and fail on any page that answers 404, 500
(or any other error) with the page that showed the link.

The district is the access matrix's world (a record of every kind inside and outside every role's scope),
with a case reported by the grid worker and by the villager so that their case pages are reached too.
Links followed: `<a href>` and `hx-get` starting with "/" or "?" (pagination). Not followed: the logout form,
exports (`?export=`), static files. A URL name is visited at most twice (two records of a kind show what a
third would), so a role's crawl stays within seconds."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse
from test_access_matrix import add_export_jobs, build_world, make_user

from zhenxing.orgs.access import ROLES
from zhenxing.testing import factories

PER_NAME = 3  # URLs visited per URL name
MAX_DEPTH = 5
MAX_PAGES = 400  # per role: a guard against a loop the per-name limit would not stop
SKIP = re.compile(r"(^|[?&])export=")
STATIC = "/" + settings.STATIC_URL.strip("/") + "/"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.found.append(a["href"])
        if a.get("hx-get"):
            self.found.append(a["hx-get"])


def internal_links(html: str, page: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.found:
        if not href.startswith(("/", "?")) or href.startswith("//"):
            continue  # another site, a fragment, mailto:
        url = urljoin(page, href).split("#")[0]
        parts = urlsplit(url)
        if parts.path.startswith(STATIC) or SKIP.search(parts.query):
            continue
        found.append(url)
    return found


def crawl(client, starts: list[str]) -> tuple[list[str], int]:
    """(the dead links as 'referrer -> link: status', pages visited)."""
    queue = deque((url, "菜单", 0) for url in starts)
    seen: set[str] = set()
    per_name: dict[str, int] = {}
    dead: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url, referrer, depth = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            name = resolve(urlsplit(url).path).view_name
        except Resolver404:
            dead.append(f"{referrer} -> {url}: 404 (no such URL)")
            continue
        if name == "logout":
            continue
        if per_name.get(name, 0) >= PER_NAME and referrer != "菜单":
            continue
        per_name[name] = per_name.get(name, 0) + 1
        visited += 1
        try:
            response = client.get(url)
        except Exception as exc:  # the test client re-raises a view's exception: a 500
            dead.append(f"{referrer} -> {url}: 500 ({type(exc).__name__}: {exc})")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            queue.appendleft((urljoin(url, response["Location"]), url, depth))
            continue
        if response.status_code >= 400:
            dead.append(f"{referrer} -> {url}: {response.status_code}")
            continue
        if depth >= MAX_DEPTH or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in internal_links(response.content.decode(), url):
            if link not in seen:
                queue.append((link, url, depth + 1))
    return dead, visited


@pytest.fixture(scope="module")
def crawl_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                world = build_world()
                world.users = {role: make_user(world, role) for role in ROLES}
                add_own_reports(world)
                world.export_jobs = add_export_jobs(world)  # 我的导出 lists a file to download
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def add_own_reports(world):
    """A case each reporter without a register sent: its page links back to 我上报的, not to the register."""
    from zhenxing.governance.cases.models import Case

    for role, place in (("grid_worker", "grid_a1"), ("villager", "village_a1")):
        c = factories.case(world.units["village_a1"], state="dispatched", lead_department=world.department,
                           category=world.category, reporter=world.users[role])
        Case.objects.filter(pk=c.pk).update(path=world.units[place].path)


def starts_of(client) -> list[str]:
    menu = client.get("/", follow=True).context
    return ["/", *(reverse(name) for _, name in menu["nav"] + menu["account_links"])]


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_link_a_role_is_shown_answers(role, crawl_world, client, db, settings):
    settings.ZHENXING_IMPORT_INLINE = True
    client.force_login(crawl_world.users[role])
    starts = starts_of(client)
    dead, visited = crawl(client, starts)
    assert not dead, f"{role}：{len(dead)} 个链接打不开（共访问 {visited} 页）：\n" + "\n".join(dead)
    assert visited >= len(starts)
