"""入户走访: a grid worker logs a visit to a household of their grid (with photos); bad input refused in
Chinese and nothing written; other grids answer 404; the grid page shows the last visit and who is due."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhenxing.core import attachments
from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent
from zhenxing.governance.visits import selectors, services
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def w(district):
    mine = factories.household(district["village_a1"], district["grid_a1"])
    factories.person(mine, name="张走访")
    other = factories.household(district["village_a2"], district["grid_a2"])
    return type("W", (), {"units": district, "mine": mine, "other": other,
                          "worker": factories.user("grid_worker", district["grid_a1"])})


def log(w, household=None, **extra):
    values = dict(visited_on=timezone.localdate(), purpose="routine", notes="家中老人身体健康")
    values.update(extra)
    return services.log_visit(actor=access.actor_for(w.worker), household=household or w.mine, **values)


def test_a_visit_is_logged_with_its_photos_and_audited(w):
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    visit = log(w, photos=[photo], follow_up_needed=True)
    assert (visit.household, visit.path, visit.visitor) == (w.mine, w.mine.path, w.worker)
    assert [a.name for a in attachments.of(services.PHOTOS, visit.pk)] == ["现场.png"]
    assert AuditEvent.objects.filter(action="governance.visit").count() == 1


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(w):
    with pytest.raises(ValidationError) as exc:
        log(w, visited_on=timezone.localdate() + timedelta(days=1), purpose="chat", notes=" ")
    assert set(exc.value.message_dict) == {"visited_on", "purpose", "notes"}
    with pytest.raises(ValidationError, match="请填写走访日期"):
        log(w, visited_on=None)
    assert not Visit.objects.exists()


def test_another_grids_household_answers_404(w):
    with pytest.raises(Http404):
        log(w, household=w.other)


def test_the_grid_page_shows_the_last_visit_and_who_is_due(client, w):
    log(w, visited_on=date(2024, 1, 5))
    log(w, visited_on=timezone.localdate() - timedelta(days=3))
    rows = selectors.grid_households(actor=access.actor_for(w.worker))
    assert [(h.number, h.last_visit) for h in rows] == [(w.mine.number,
                                                        timezone.localdate() - timedelta(days=3))]
    due = selectors.grid_households(actor=access.actor_for(w.worker),
                                    filters=selectors.GridFilter(unvisited="yes"))
    assert list(due) == []
    client.force_login(w.worker)
    page = client.get(reverse("governance:grid")).content.decode()
    assert "本月走访" in page and w.mine.number in page and w.other.number not in page


def test_the_visit_form_refuses_in_chinese_and_keeps_what_was_typed(client, w):
    client.force_login(w.worker)
    url = reverse("governance:visit_new", args=[w.mine.pk])
    response = client.post(url, {"visited_on": "2024-13-40", "purpose": "routine", "notes": "门前积水"})
    assert response.status_code == 400 and "日期格式应为" in response.content.decode()
    assert "门前积水" in response.content.decode()
    response = client.post(url, {"visited_on": "2024-05-06", "purpose": "safety", "notes": "门前积水"})
    assert response.status_code == 302 and Visit.objects.get().purpose == "safety"


def test_visits_are_a_dashboard_figure_that_opens_to_them(client, w):
    log(w)
    assert registry.get("governance.visits").value(w.units["village_a1"].path) == 1
    client.force_login(factories.user("district_admin", w.units["county"]))
    page = client.get(f"/stats/{w.units['village_a1'].code}/indicator/governance.visits/")
    assert page.status_code == 200 and "张走访" in page.content.decode()
