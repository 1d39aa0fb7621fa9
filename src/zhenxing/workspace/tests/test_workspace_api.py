"""工作台 over the API: the same queue and messages as the pages, each caller's own; 督办 of an overdue
record; preferences replaced whole, every wrong entry named."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhenxing.core.models import Notification, NotificationPreference
from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import Case
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories
from zhenxing.testing.client import post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    water = factories.department(district["county"], "水务局")
    grid = actor_for(factories.user("grid_worker", district["grid_a1"]))
    village = actor_for(factories.user("village_secretary", district["village_a1"]))
    case = services.report(actor=grid, place=district["grid_a1"], source="grid", description="路灯损坏",
                           category=factories.dispatch_category(water, name="路灯"))
    return {**district, "grid": grid, "village": village, "case": case,
            "county": actor_for(factories.user("district_admin", district["county"], two_factor=False)),
            "street": actor_for(factories.user("street_admin", district["street_a"], two_factor=False))}


def test_the_queue_is_the_callers_own(client, w):
    client.force_login(w["village"].user)
    body = client.get("/api/v1/todo").json()
    assert (body["total"], body["overdue"], body["follows_up"]) == (1, 0, False)
    assert body["items"][0]["record_id"] == w["case"].pk and body["items"][0]["kind"] == \
        "governance.case.reported.village"
    client.force_login(w["grid"].user)
    assert client.get("/api/v1/todo").json()["total"] == 0


def test_supervising_answers_404_outside_the_queue_and_tells_the_handlers(client, w, settings):
    settings.ZHENXING_REQUIRE_2FA = False  # the county admin made without a second factor
    services.act(actor=w["village"], case=w["case"], transition="whistle", comment="需街道协调")
    kind = "governance.case.whistled.street"
    client.force_login(w["county"].user)
    body = {"kind": kind, "record_id": w["case"].pk, "note": "请今天派单"}
    assert post_json(client, "/api/v1/todo/supervise", body).status_code == 404  # not overdue yet
    Case.objects.filter(pk=w["case"].pk).update(due_at=timezone.now() - timedelta(hours=1))
    answer = post_json(client, "/api/v1/todo/supervise", body)
    assert answer.status_code == 200 and answer.json() == {"told": 1}
    assert Notification.objects.filter(user=w["street"].user, event="supervised").exists()


def test_messages_are_paged_read_and_only_ones_own(client, w):
    client.force_login(w["village"].user)
    page = client.get("/api/v1/messages?unread=true").json()
    assert page["count"] == 1 and page["unread"] == 1 and page["items"][0]["event"] == "assigned"
    other = Notification.objects.create(user=w["street"].user, event="assigned", title="x", key="x")
    assert post_json(client, "/api/v1/messages/read", {"ids": [other.pk]}).json() == {"marked": 0}
    assert post_json(client, "/api/v1/messages/read", {"ids": None}).json() == {"marked": 1}
    assert client.get("/api/v1/messages").json()["unread"] == 0


def test_preferences_are_replaced_whole_and_every_wrong_entry_is_named(client, w):
    client.force_login(w["village"].user)
    channels = client.get("/api/v1/messages/preferences").json()["channels"]
    assert channels == {"sms": "短信", "email": "电子邮件"}
    wrong = post_json(client, "/api/v1/messages/preferences", {"chosen": ["fax:overdue", "sms:birthday"]})
    assert wrong.status_code == 422
    errors = wrong.json()["errors"]["chosen"]
    assert len(errors) == 2 and errors[0].startswith("第 1 项“fax:overdue”") and "第 2 项" in errors[1]
    assert not NotificationPreference.objects.filter(enabled=True).exists()
    chosen = {"chosen": ["sms:overdue", "email:supervised"]}
    done = post_json(client, "/api/v1/messages/preferences", chosen)
    assert done.json()["chosen"] == ["email:supervised", "sms:overdue"]
