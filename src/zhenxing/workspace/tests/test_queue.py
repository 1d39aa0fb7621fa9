"""待办 and 消息: a case travelling 上报 → 吹哨 → 派单 → 报到 lands in the queue of whoever must act next,
each of them is told in the inbox (and through a channel they chose), deadlines are swept once, and the
county sees only what is overdue."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from zhenxing.core import notify, todo
from zhenxing.core.models import Delivery, Notification, NotificationPreference
from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import Case
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    water = factories.department(district["county"], "水务局")
    return {
        **district, "water": water,
        "burst": factories.dispatch_category(water, name="供水管道破裂", urgency="utilities"),
        "grid": actor_for(factories.user("grid_worker", district["grid_a1"])),
        "village": actor_for(factories.user("village_secretary", district["village_a1"])),
        "street": actor_for(factories.user("street_admin", district["street_a"])),
        "street_b": actor_for(factories.user("street_admin", district["street_b"])),
        "county": actor_for(factories.user("district_admin", district["county"])),
        "water_staff": actor_for(factories.user("department_staff", water)),
    }


def report(w):
    return services.report(actor=w["grid"], place=w["grid_a1"], source="grid",
                           description="村东头自来水管破裂", category=w["burst"])


def dispatch(w, case):
    services.act(actor=w["street"], case=case, transition="dispatch",
                 data={"lead_department": str(w["water"].pk)})


def keys(actor):
    return [(i.waiting.key, i.record.pk) for i in todo.queue(actor).items]


def inbox(actor):
    return list(Notification.objects.filter(user=actor.user).values_list("event", "title"))


def test_a_case_is_in_the_queue_of_whoever_acts_next_and_only_theirs(w):
    case = report(w)
    assert keys(w["village"]) == [("governance.case.reported.village", case.pk)]
    assert keys(w["street"]) == [] and keys(w["water_staff"]) == []

    services.act(actor=w["village"], case=case, transition="whistle", comment="需水务部门维修")
    assert keys(w["village"]) == []
    assert keys(w["street"]) == [("governance.case.whistled.street", case.pk)]
    assert keys(w["street_b"]) == []  # another street's case is not their work

    dispatch(w, case)
    assert keys(w["street"]) == []
    assert keys(w["water_staff"]) == [("governance.case.dispatched.department", case.pk)]
    kind = todo.queue(w["water_staff"]).kinds[0]
    assert (kind.count, kind.overdue, kind.waiting.actions) == (1, 0, "报到（接单）、退单")


def test_each_step_tells_the_next_party_and_not_the_one_who_took_it(w):
    case = report(w)
    assert inbox(w["village"]) == [
        ("assigned", f"吹哨报到：{case.code} A街1村·供水管道破裂：村东头自来水管破裂")]
    assert inbox(w["grid"]) == []
    services.act(actor=w["village"], case=case, transition="whistle", comment="需水务部门维修")
    assert [e for e, _ in inbox(w["street"])] == ["assigned"]
    assert inbox(w["county"]) == []  # the street is nearer: the county is not told of every case
    dispatch(w, case)
    message = Notification.objects.get(user=w["water_staff"].user)
    assert "派单，待您报到（接单）、退单" in message.body and "办理时限" in message.body
    assert message.url == f"/governance/cases/{case.pk}/"
    services.act(actor=w["water_staff"], case=case, transition="return", comment="不属本部门职责")
    assert [e for e, _ in inbox(w["street"])] == ["returned", "assigned"]


def test_the_county_queue_holds_only_what_the_units_let_slip(w):
    case = report(w)
    services.act(actor=w["village"], case=case, transition="whistle", comment="需水务部门维修")
    assert keys(w["county"]) == []
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert keys(w["county"]) == [("governance.case.whistled.street", case.pk)]
    queue = todo.queue(w["county"])
    assert (queue.total, queue.overdue) == (1, 1) and queue.items[0].overdue


def test_overdue_first_then_nearest_deadline(w):
    cases = [report(w) for _ in range(3)]
    now = timezone.now()
    dues = (now + timedelta(hours=5), now - timedelta(hours=2), now + timedelta(hours=1))
    for case, due in zip(cases, dues, strict=True):
        Case.objects.filter(pk=case.pk).update(due_at=due)
    assert [pk for _, pk in keys(w["village"])] == [cases[1].pk, cases[2].pk, cases[0].pk]
    assert todo.counts(w["village"]) == (3, 1)


def test_the_sweep_tells_of_a_near_and_a_passed_deadline_once(w):
    near, late, long_ago = report(w), report(w), report(w)
    now = timezone.now()
    Case.objects.filter(pk=near.pk).update(due_at=now + timedelta(hours=3))
    Case.objects.filter(pk=late.pk).update(due_at=now - timedelta(hours=3))
    # Fell due days ago: told then, by the sweep of that day; not walked again.
    Case.objects.filter(pk=long_ago.pk).update(due_at=now - timedelta(days=5))
    Notification.objects.all().delete()
    assert notify.sweep(now=now) == {"due_soon": 1, "overdue": 1}
    assert notify.sweep(now=now) == {"due_soon": 0, "overdue": 0}  # swept again: nobody told twice
    titles = sorted(t for _, t in inbox(w["village"]))
    assert titles[0].startswith("即将到期｜吹哨报到：") and near.code in titles[0]
    assert titles[1].startswith("已超期｜吹哨报到：") and late.code in titles[1]


def test_a_chosen_channel_gets_the_message_and_the_others_only_the_inbox(w, settings, tmp_path,
                                                                        django_capture_on_commit_callbacks):
    settings.DATA_DIR = tmp_path
    NotificationPreference.objects.create(user=w["village"].user, channel="sms", event="assigned",
                                          enabled=True)
    notify.register_address("sms", lambda user: "13912345678")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = report(w)
    finally:
        notify._addresses.pop("sms")
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.status) == ("sms", "sent")
    line = json.loads((tmp_path / "outbox" / "sms.ndjson").read_text(encoding="utf-8"))
    assert line["to"] == "139****5678" and case.code in line["title"]


def test_a_user_without_an_address_is_skipped_with_the_reason(w, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=w["village"].user, channel="email", event="assigned",
                                          enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        report(w)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.error) == ("skipped", "该用户没有可用的联系方式")


def test_preferences_are_saved_audited_and_shown_checked(w, client):
    from zhenxing.core.models import AuditEvent

    client.force_login(w["village"].user)
    response = client.post("/inbox/settings/", {"sms:overdue": "on", "email:returned": "on"})
    assert response.status_code == 302
    chosen = set(NotificationPreference.objects.filter(user=w["village"].user, enabled=True)
                 .values_list("channel", "event"))
    assert chosen == {("sms", "overdue"), ("email", "returned")}
    assert AuditEvent.objects.filter(action="workspace.preferences").count() == 1
    page = client.get("/inbox/settings/").content.decode()
    assert 'name="sms:overdue" checked' in page and 'name="sms:returned" checked' not in page


def test_the_inbox_marks_read_on_opening_and_all_at_once(w, client):
    report(w)
    report(w)
    client.force_login(w["village"].user)
    assert "只看未读（2）" in client.get("/inbox/").content.decode()
    first = Notification.objects.filter(user=w["village"].user).first()
    assert client.get(f"/inbox/{first.pk}/")["Location"] == first.url
    assert Notification.objects.filter(user=w["village"].user, read_at__isnull=True).count() == 1
    client.post("/inbox/read/")
    assert not Notification.objects.filter(user=w["village"].user, read_at__isnull=True).exists()
    other = Notification.objects.create(user=w["street"].user, event="assigned", title="x", key="x")
    assert client.get(f"/inbox/{other.pk}/").status_code == 404  # another's message is not there


def test_the_worker_sweeps_deadlines_on_its_beat(w):
    from zhenxing.core import jobs

    case = report(w)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    jobs._last_run.clear()
    assert "zhenxing.core.notify.sweep_deadlines" in jobs.run_periodic()
    assert "zhenxing.core.notify.sweep_deadlines" not in jobs.run_periodic()  # not again within 10 minutes
    assert Notification.objects.filter(user=w["village"].user, event="overdue").count() == 1


def test_the_county_supervises_an_overdue_case_and_the_street_is_told_once_a_day(w, client):
    from django.http import Http404

    from zhenxing.core.models import AuditEvent
    from zhenxing.workspace import services as workspace

    case = report(w)
    services.act(actor=w["village"], case=case, transition="whistle", comment="需水务部门维修")
    kind = "governance.case.whistled.street"
    with pytest.raises(Http404):  # not overdue: not in the county's queue at all
        workspace.supervise(actor=w["county"], waiting_key=kind, pk=case.pk)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(Http404):  # another street's admin cannot reach it
        workspace.supervise(actor=w["street_b"], waiting_key=kind, pk=case.pk)
    client.force_login(w["county"].user)
    page = client.get("/").content.decode()
    assert 'name="kind" value="governance.case.whistled.street"' in page
    client.post("/supervise/", {"kind": kind, "pk": case.pk, "note": "请今天派单"})
    told = Notification.objects.get(user=w["street"].user, event="supervised")
    assert told.title.startswith("督办｜吹哨报到：") and "请今天派单" in told.body
    assert workspace.supervise(actor=w["county"], waiting_key=kind, pk=case.pk) == 0  # once a day
    assert AuditEvent.objects.filter(action="workspace.supervise").count() == 2


def test_the_menu_counts_load_after_the_page(w, client):
    report(w)
    client.force_login(w["village"].user)
    page = client.get("/governance/cases/").content.decode()
    assert 'hx-get="/badges/"' in page and 'id="badge-todo"' in page
    badges = client.get("/badges/").content.decode()
    assert 'id="badge-todo" hx-swap-oob="true"> <span class="count" title="待办 1 件">1</span>' in badges
    assert 'title="未读消息 1 条">1</span>' in badges
