"""评理说事 services: points and 说事员, registering a dispute (checks in Chinese, scope, audit, code,
one-month limit), the steps to an agreement and follow-up, escalation up the levels, the case file."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from zhenxing.core import numbering
from zhenxing.core.models import AuditEvent
from zhenxing.governance.mediation import selectors as sel
from zhenxing.governance.mediation import services as svc
from zhenxing.governance.mediation.models import Dispute, MediationPoint, Mediator
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def w(district):
    a1 = district["village_a1"]
    point = factories.mediation_point(a1)
    return {
        **district, "point": point, "mediator": factories.mediator(point),
        "secretary": access.actor_for(factories.user("village_secretary", a1)),
        "street": access.actor_for(factories.user("street_admin", district["street_a"])),
        "reviewer": access.actor_for(factories.user("street_reviewer", district["street_a"])),
        "other_street": access.actor_for(factories.user("street_admin", district["street_b"])),
    }


def register(w, actor=None, **overrides):
    args = {"village": w["village_a1"], "level": "village", "group": None, "kind": "neighbour",
            "description": "两户因排水沟发生争执", "parties": [svc.Party("张甲"), svc.Party("李乙")],
            "mediators": [w["mediator"]]}
    args.update(overrides)
    return svc.register_dispute(actor=actor or w["secretary"], **args)


def step(w, d, transition, actor=None, comment="", **data):
    return svc.take_step(actor=actor or w["secretary"], dispute=d, transition=transition, comment=comment,
                         data=data)


def test_registering_gives_a_code_a_one_month_limit_and_an_audit_event(w):
    d = register(w)
    year = timezone.localdate().year
    assert d.code == f"TJ-{year}-000001"
    assert register(w).code == f"TJ-{year}-000002"
    assert d.state == "registered" and d.path == w["village_a1"].path
    assert d.limit_at - d.registered_at == timedelta(days=30) and d.due_at == d.limit_at
    assert [p.name for p in d.parties.all()] == ["张甲", "李乙"]
    assert AuditEvent.objects.filter(action="governance.dispute.register", object_id=str(d.pk)).exists()


def test_a_clash_on_the_code_takes_the_next_one(w, monkeypatch):
    first = register(w)
    codes = iter([first.code, first.code.replace("000001", "000002")])
    monkeypatch.setattr(numbering, "next_code", lambda model, prefix, year, offset=0, width=6: next(codes))
    assert register(w).code.endswith("000002")


@pytest.mark.parametrize(("overrides", "field", "text"), [
    ({"parties": [svc.Party("张甲"), svc.Party(" ")]}, "parties", "当事人至少两方"),
    ({"kind": "murder"}, "kind", "请选择纠纷类型"),
    ({"description": "  "}, "description", "请填写纠纷简要情况"),
    ({"level": "group", "group": None}, "group", "组级调解须选择"),
])
def test_a_bad_registration_is_refused_in_chinese_and_writes_nothing(w, overrides, field, text):
    with pytest.raises(ValidationError) as exc:
        register(w, **overrides)
    assert text in " ".join(exc.value.message_dict[field])
    assert not Dispute.objects.exists()


def test_a_party_linked_to_a_person_outside_scope_is_refused(w):
    outsider = factories.person(factories.household(w["village_b1"]), name="赵外")
    with pytest.raises(ValidationError) as exc:
        register(w, parties=[svc.Party("张甲"), svc.Party("赵外", outsider)])
    assert "不在您的管辖范围内" in exc.value.message_dict["parties"][0]


def test_registering_in_another_village_answers_404(w):
    with pytest.raises(Http404):
        register(w, village=w["village_a2"])


def test_a_group_level_dispute_sits_on_the_group(w):
    d = register(w, level="group", group=w["group_a1"])
    assert d.path == w["group_a1"].path and d.get_level_display() == "村民小组"


def test_mediation_to_agreement_follow_up_and_closure(w):
    d = register(w)
    with pytest.raises(ValidationError) as exc:
        step(w, d, "mediate", way="fight")
    assert "请选择评理方式" in exc.value.message_dict["way"][0]
    step(w, d, "mediate", way="sage")
    step(w, d, "agree", agreement="written", agreement_text="张甲于十日内疏通排水沟")
    d.refresh_from_db()
    assert d.state == "agreed" and d.agreed_at and d.due_at is None
    with pytest.raises(ValidationError) as exc:
        step(w, d, "follow_up", performance="done")
    assert exc.value.message_dict["follow_up"] == ["此项必填"]
    step(w, d, "follow_up", performance="done", follow_up="已疏通，双方满意")
    step(w, d, "close")
    d.refresh_from_db()
    assert d.state == "closed" and d.closed_at and d.way == "sage" and d.performance == "done"


def test_a_failed_mediation_must_say_why(w):
    d = step(w, register(w), "mediate", way="consult")
    with pytest.raises(ValidationError) as exc:
        step(w, d, "fail")
    assert "须填写理由" in exc.value.message_dict["comment"][0]


def test_escalation_moves_the_dispute_up_so_the_village_can_no_longer_act_but_the_street_can(w):
    d = step(w, register(w), "mediate", way="collective")
    d = step(w, d, "fail", comment="双方分歧较大")
    registered_limit = d.limit_at
    d = step(w, d, "escalate", comment="大事不出村，报街道")
    assert d.level == "street" and d.path == w["street_a"].path and d.state == "escalated"
    assert d.limit_at > registered_limit and d.due_at == d.limit_at
    with pytest.raises(Http404):
        step(w, d, "mediate", way="law")
    assert sel.dispute(actor=w["secretary"], pk=d.pk) == d  # still read by its village
    with pytest.raises(Http404):
        step(w, d, "mediate", way="law", actor=w["other_street"])
    d = step(w, d, "mediate", way="law", actor=w["street"])
    assert d.state == "mediating"
    assert AuditEvent.objects.filter(action="governance.dispute.escalate", object_id=str(d.pk)).exists()


def test_the_street_is_the_last_level(w):
    d = register(w, actor=w["street"], level="street")
    with pytest.raises(ValidationError) as exc:
        step(w, d, "escalate", actor=w["street"], comment="再升级")
    assert "不能再升级" in exc.value.message_dict["transition"][0]


def test_a_street_role_without_mediate_cannot_act(w):
    d = register(w)
    with pytest.raises(Http404):
        step(w, d, "mediate", actor=w["reviewer"], way="law")


def test_overdue_lists_open_disputes_past_the_month_only(w):
    old = timezone.now() - timedelta(days=31)
    late = factories.dispute(w["village_a1"], state="mediating", registered_at=old)
    factories.dispute(w["village_a1"], state="agreed", registered_at=old)
    factories.dispute(w["village_a1"], state="mediating")
    found = sel.disputes(actor=w["secretary"], filters=sel.DisputeFilter(deadline="overdue"))
    assert list(found) == [late]
    assert sel.is_overdue(late)


def test_the_due_soon_list_holds_open_disputes_whose_month_ends_within_three_days(w):
    now = timezone.now()
    soon = factories.dispute(w["village_a1"], state="mediating", registered_at=now - timedelta(days=28))
    escalated = factories.dispute(w["village_a1"], state="escalated", registered_at=now - timedelta(days=29))
    late = factories.dispute(w["village_a1"], state="mediating", registered_at=now - timedelta(days=31))
    factories.dispute(w["village_a1"], state="mediating", registered_at=now - timedelta(days=26))  # 4 days
    factories.dispute(w["village_a1"], state="agreed", registered_at=now - timedelta(days=28))  # resolved
    elsewhere = factories.dispute(w["village_b1"], state="mediating", registered_at=now - timedelta(days=28))
    found = sel.disputes(actor=w["secretary"], filters=sel.DisputeFilter(deadline="near"))
    assert set(found) == {soon, escalated}
    assert sel.is_near(soon) and not sel.is_near(late) and not sel.is_overdue(soon)
    lists = sel.deadlines(actor=w["secretary"])
    assert lists["near"] == [escalated, soon] and lists["overdue"] == [late]  # the earliest limit first
    assert sel.deadlines(actor=w["other_street"]) == {"overdue": [], "near": [elsewhere]}


def test_the_case_file_shows_which_documents_are_present(w):
    d = register(w)
    svc.attach(actor=w["secretary"], dispute=d, slot="rights_notice",
               upload=SimpleUploadedFile("告知书.png", PNG, content_type="image/png"))
    with pytest.raises(ValidationError):
        svc.attach(actor=w["secretary"], dispute=d, slot="nonsense",
                   upload=SimpleUploadedFile("x.png", PNG, content_type="image/png"))
    present = {c["slot"] for c in sel.case_file(d) if c["present"]}
    assert present == {"registration", "rights_notice"}
    assert len(sel.case_file(d)) == 10


def test_one_point_per_village_with_its_mediators_from_the_village(w):
    with pytest.raises(ValidationError) as exc:
        svc.create_point(actor=w["secretary"], village=w["village_a1"], name="又一个", address="x",
                         open_hours="y")
    assert "已设评理说事点" in exc.value.message_dict["village"][0]
    point = svc.create_point(actor=w["street"], village=w["village_a2"], name="A2说事点", address="村部",
                             open_hours="全天")
    assert point.path == w["village_a2"].path and MediationPoint.objects.count() == 2
    outsider = factories.person(factories.household(w["village_b1"]), name="赵外")
    with pytest.raises(ValidationError) as exc:
        svc.add_mediator(actor=w["street"], point=point, person=outsider, kind="sage", since=date(2024, 1, 1))
    assert "不是A街2村的人员" in exc.value.message_dict["person"][0]
    local = factories.person(factories.household(w["village_a2"]), name="钱乡贤")
    m = svc.add_mediator(actor=w["street"], point=point, person=local, kind="sage", since=date(2024, 1, 1))
    assert m.path == point.path and Mediator.objects.filter(point=point).count() == 1
    with pytest.raises(Http404):
        svc.create_point(actor=w["secretary"], village=w["village_b1"], name="x", address="y", open_hours="z")


def test_indicators_count_points_coverage_disputes_resolved_and_overdue_by_village(w):
    from decimal import Decimal

    from zhenxing.core.indicators import registry

    a1, street = w["village_a1"], w["street_a"]
    old = timezone.now() - timedelta(days=31)
    factories.dispute(a1, state="mediating", registered_at=old)
    factories.dispute(a1, state="closed")
    escalated = factories.dispute(a1, state="escalated", level="street")
    value = lambda key, path: registry.get(f"governance.{key}").value(path)  # noqa: E731
    assert value("mediation_points", street.path) == 1
    assert value("mediation_coverage", street.path) == Decimal("0.50")  # one of street A's two villages
    assert value("disputes", a1.path) == 3  # the escalated one still counts for its village
    assert value("disputes_resolved", a1.path) == 1
    assert value("disputes_overdue", street.path) == 1
    by_village = registry.get("governance.disputes").values_by_prefix(street.path, len(a1.path))
    assert by_village == {a1.path: 3}
    assert escalated in registry.get("governance.disputes").drill(a1.path)


def test_the_demo_loader_gives_every_village_a_point_and_a_year_of_mostly_resolved_disputes(district):
    from zhenxing.core.models import WorkflowStep
    from zhenxing.demo import governance_mediation

    for key in ("village_a1", "village_a2", "village_b1", "village_b2"):
        for _ in range(3):
            factories.person(factories.household(district[key], district[key.replace("village", "grid")]))
    counts = governance_mediation.load(seed=7, county=district["county"], scale=0.05)
    assert counts["mediation_points"] == 4 and MediationPoint.objects.count() == 4
    assert 8 <= counts["mediators"] <= 16
    assert counts["disputes_resolved"] >= 60 and Dispute.objects.count() == counts["disputes"]
    closed = Dispute.objects.filter(state="closed").first()
    assert [s.transition for s in WorkflowStep.objects.filter(object_id=str(closed.pk)).order_by(
        "created_at")][-1] == "close"
    assert all(d.limit_at - d.registered_at == timedelta(days=30) or d.level != "village"
               for d in Dispute.objects.filter(state="registered"))
    assert Dispute.objects.filter(level="street").exists() or counts["disputes"] < 10
