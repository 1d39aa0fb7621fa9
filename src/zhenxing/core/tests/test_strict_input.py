"""Strict input (issue 11): API parameters typed strictly — a date as a date, an integer as an integer, one
value unless a list is declared — and an over-long address or over-large body answered in Chinese (414/413)
before anything reads it; each refusal names the parameter."""

import pytest
from django.test import override_settings

from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, district):
    client.force_login(factories.user("district_admin", district["county"]))
    return client


@pytest.mark.parametrize("query, name", [
    ("start_date=0.5", "start_date"), ("start_date=1700000000", "start_date"),
    ("end_date=2024-13-45", "end_date"), ("page=1.0", "page"), ("page=1_000", "page"),
    ("page_size=%202%20", "page_size"), ("page=1&page=2", "page"),
])
def test_a_loosely_typed_or_repeated_parameter_is_refused_naming_it(admin_client, query, name):
    response = admin_client.get(f"/api/v1/open311/requests?{query}")
    assert response.status_code == 422, query
    detail = response.json()["detail"]
    assert f"查询参数 {name}：" in detail and not any(w in detail for w in ("Input", "valid", "should"))


def test_iso_dates_and_plain_integers_still_work(admin_client):
    for query in ("start_date=2024-01-31", "start_date=2024-01-31T08:00:00%2B08:00",
                  "end_date=2024-01-31T08:00", "page=2&page_size=10"):
        assert admin_client.get(f"/api/v1/open311/requests?{query}").status_code == 200, query


def test_an_over_long_address_is_answered_414_in_chinese(admin_client):
    page = admin_client.get("/people/persons/?q=" + "王" * 2000)
    assert page.status_code == 414 and "网址过长" in page.content.decode()
    api = admin_client.get("/api/v1/open311/requests?status=" + "x" * 5000)
    assert api.status_code == 414 and "网址过长" in api.json()["detail"]


@override_settings(MAX_REQUEST_BYTES=1024)
def test_an_over_large_body_is_answered_413_in_chinese_before_it_is_read(admin_client):
    response = admin_client.post("/api/v1/open311/requests", "x" * 4096, content_type="application/json")
    assert response.status_code == 413 and "上传内容过大" in response.json()["detail"]
    page = admin_client.post("/governance/cases/report/", {"description": "x" * 4096})
    assert page.status_code == 413 and "上传内容过大" in page.content.decode()
