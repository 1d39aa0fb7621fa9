"""The API reference at /api/v1/docs works offline: every file it names is ours, served by the site."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from zhenxing.testing import factories as f

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.urls


def test_the_docs_page_names_only_local_files_and_each_is_served():
    response = Client().get(DOCS)
    assert response.status_code == 200
    urls = links_of(response.content.decode())
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    assert [u for u in urls if not u.startswith("/") or u.startswith("//")] == []
    for url in urls:
        assert Client().get(url).status_code == 200, url


def test_the_docs_page_keeps_the_strict_csp_and_turns_the_online_validator_off():
    response = Client().get(DOCS)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert '"validatorUrl": null' in html and '"url": "/api/v1/openapi.json"' in html
    assert "<title>振兴 API</title>" in html


def test_docs_and_schema_are_open_like_the_schema_always_was_but_operations_are_not(district):
    anonymous = Client()
    assert anonymous.get(DOCS).status_code == 200
    assert anonymous.get("/api/v1/openapi.json").status_code == 200
    assert anonymous.get("/api/v1/org-units/").status_code == 401


def test_a_signed_in_page_carries_the_csrf_token_that_try_it_out_sends(district):
    client = Client()
    client.force_login(f.user("district_admin", district["county"]))
    html = client.get(DOCS).content.decode()
    assert 'data-api-csrf="true"' in html and 'data-csrf-token=""' not in html
