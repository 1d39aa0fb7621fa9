"""The people registers stream every row the filters select, as the page lists them: ID numbers masked,
scope as the page's, the export audited."""

import csv
import io
import json

import pytest

from zhenxing.core.models import AuditEvent
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def _lines(response) -> list[str]:
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def test_persons_stream_as_ndjson_with_masked_id_numbers(client, district):
    inside = factories.person(factories.household(district["village_a1"]), name="张内")
    factories.person(factories.household(district["village_b1"]), name="李外")
    client.force_login(factories.user("street_admin", district["street_a"]))
    rows = [json.loads(line) for line in _lines(client.get("/api/v1/persons/export?format=ndjson"))]
    assert [r["name"] for r in rows] == ["张内"]
    assert rows[0]["id"] == inside.pk and "*" in rows[0]["id_number_masked"]
    assert inside.id_number_masked == rows[0]["id_number_masked"]
    event = AuditEvent.objects.get(action="export.stream")
    assert event.changes["register"] == "persons" and event.changes["rows"] == 1


def test_households_stream_as_csv_with_the_page_filters(client, district):
    kept = factories.household(district["village_a1"])
    factories.household(district["village_a2"])
    client.force_login(factories.user("street_admin", district["street_a"]))
    text = "\n".join(_lines(client.get(f"/api/v1/households/export?village={district['village_a1'].code}")))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "户编号", "户主", "村/社区", "住址", "人数"]
    assert [r[1] for r in rows[1:]] == [kept.number]


def test_a_role_without_export_gets_no_stream(client, district):
    client.force_login(factories.user("grid_worker", district["grid_a1"]))
    assert client.get("/api/v1/persons/export").status_code == 404
