"""评理说事 pages: registering a dispute by form (and refusing a bad one), its page with the buttons the
level may press and the case file, a step's error flashed, the register's overdue mark, the
printable agreement, the points' coverage."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenxing.governance.mediation.models import Dispute
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    point = factories.mediation_point(district["village_a1"])
    return type("W", (), {
        "units": district, "point": point, "mediator": factories.mediator(point),
        "secretary": factories.user("village_secretary", district["village_a1"]),
        "reviewer": factories.user("street_reviewer", district["street_a"]),
    })


def form(w, **extra):
    data = {"village": w.units["village_a1"].pk, "level": "village", "kind": "land",
            "description": "地界争议", "party_1": "张甲", "party_2": "李乙", "mediators": [w.mediator.pk]}
    data.update(extra)
    return data


def test_registering_by_form_opens_the_dispute(client, w):
    client.force_login(w.secretary)
    response = client.post(reverse("governance:dispute_new"), form(w))
    d = Dispute.objects.get()
    assert response.status_code == 302 and response.url == reverse("governance:dispute", args=[d.pk])
    assert list(d.mediators.all()) == [w.mediator] and d.created_by == w.secretary
    page = client.get(response.url).content.decode()
    assert "开始调解" in page and "升级到上一级调解" in page and "调解申请书或口头申请登记" in page


def test_a_bad_form_names_the_field_in_chinese_and_writes_nothing(client, w):
    client.force_login(w.secretary)
    response = client.post(reverse("governance:dispute_new"), form(w, party_2="", person_1="999999"))
    assert response.status_code == 200
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    response = client.post(reverse("governance:dispute_new"), form(w, party_2=""))
    assert "当事人至少两方" in response.content.decode()
    assert not Dispute.objects.exists()


def test_a_role_that_may_only_read_sees_no_buttons(client, w):
    d = factories.dispute(w.units["village_a1"])
    client.force_login(w.reviewer)
    page = client.get(reverse("governance:dispute", args=[d.pk])).content.decode()
    assert d.code in page and "开始调解" not in page and "归入卷宗" not in page


def test_a_step_error_is_flashed_with_the_field_label(client, w):
    d = factories.dispute(w.units["village_a1"])
    client.force_login(w.secretary)
    response = client.post(reverse("governance:dispute_step", args=[d.pk]), {"transition": "mediate"},
                           follow=True)
    assert "评理方式：请选择评理方式" in response.content.decode()


def test_the_register_marks_overdue_disputes(client, w):
    late = factories.dispute(w.units["village_a1"], state="mediating",
                             registered_at=timezone.now() - timedelta(days=40))
    client.force_login(w.secretary)
    page = client.get(reverse("governance:disputes") + "?deadline=overdue").content.decode()
    assert late.code in page and "已超期" in page


def test_the_deadline_page_lists_due_soon_beside_overdue_highlighted(client, w):
    now = timezone.now()
    late = factories.dispute(w.units["village_a1"], state="mediating", registered_at=now - timedelta(days=40))
    soon = factories.dispute(w.units["village_a1"], state="failed", registered_at=now - timedelta(days=29))
    client.force_login(w.reviewer)  # a street role that only reads disputes sees the lists too
    page = client.get(reverse("governance:disputes_deadlines")).content.decode()
    overdue_part, near_part = page.split("3日内到期（")
    assert "已超期（1 件）" in overdue_part and late.code in overdue_part and soon.code not in overdue_part
    assert near_part.startswith("1 件") and soon.code in near_part and late.code not in near_part
    assert 'class="near-overdue"' in near_part and 'class="overdue"' in overdue_part
    register = client.get(reverse("governance:disputes") + "?deadline=near").content.decode()
    assert soon.code in register and late.code not in register
    assert "3日内到期" in client.get(reverse("governance:dispute", args=[soon.pk])).content.decode()


def test_the_agreement_prints_its_text_and_the_parties(client, w):
    d = factories.dispute(w.units["village_a1"], state="agreed", agreement="written", way="consult",
                          agreement_text="李乙赔偿张甲青苗费八百元", agreed_at=timezone.now())
    client.force_login(w.secretary)
    page = client.get(reverse("governance:dispute_agreement", args=[d.pk])).content.decode()
    assert "人民调解协议书" in page and "李乙赔偿张甲青苗费八百元" in page and "张甲" in page
    assert "评理说事点" in page


def test_the_points_page_states_the_coverage(client, w):
    client.force_login(w.secretary)
    page = client.get(reverse("governance:mediation_points")).content.decode()
    assert "覆盖 1 个村，共 1 个村" in page and w.point.name in page


def test_the_dashboard_drills_from_disputes_resolved_to_the_disputes(client, w):
    resolved = factories.dispute(w.units["village_a1"], state="closed")
    open_one = factories.dispute(w.units["village_a1"], state="mediating")
    client.force_login(factories.user("street_admin", w.units["street_a"]))
    dashboard = client.get(reverse("stats:dashboard", args=[w.units["street_a"].code])).content.decode()
    assert "调解成功纠纷" in dashboard and "评理说事点覆盖率" in dashboard
    url = reverse("stats:drill", kwargs={"code": w.units["street_a"].code,
                                         "key": "governance.disputes_resolved"})
    page = client.get(url).content.decode()
    assert resolved.code in page and open_one.code not in page
