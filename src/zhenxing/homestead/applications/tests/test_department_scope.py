"""A department sees a homestead application only while it is in the step addressed to it (街道联审), as a
case is seen only by the departments it is dispatched to: not the county's other applications, their files
or 批准书, and it uploads nothing outside that step. A department outside the joint review sees none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenxing.core.models import Attachment
from zhenxing.homestead.applications import services as svc
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def w(district):
    village = factories.square_boundary(district["village_a1"], 123.55, 42.05, 0.2)
    home = factories.household(village, district["grid_a1"], collective_member=True)
    factories.person(home, name="王建国")
    secretary = factories.user("village_secretary", village)
    county = district["county"]
    apps = {state: factories.application(home, secretary, state=state, lon=123.5 + i / 100)
            for i, state in enumerate(("group_review", "joint_review", "approved", "registered"))}
    for app in apps.values():
        svc.attach(actor=access.actor_for(secretary), application=app,
                   upload=SimpleUploadedFile("申请书.png", PNG, content_type="image/png"))
    return type("W", (), {
        "apps": apps,
        "agri": factories.user("department_staff", factories.department(county, "农业农村局")),
        "water": factories.user("department_staff", factories.department(county, "水务局")),
    })


def test_a_joint_review_department_lists_only_the_applications_in_joint_review(client, w):
    client.force_login(w.agri)
    page = client.get(reverse("homestead:applications")).content.decode()
    assert w.apps["joint_review"].code in page
    assert all(w.apps[s].code not in page for s in ("group_review", "approved", "registered"))


def test_outside_its_step_a_department_gets_404_for_the_page_files_papers_and_uploads(client, w):
    client.force_login(w.agri)
    for state in ("group_review", "approved", "registered"):
        app = w.apps[state]
        file = Attachment.objects.filter(owner_id=str(app.pk)).first()
        assert client.get(reverse("homestead:application", args=[app.pk])).status_code == 404
        assert client.get(reverse("homestead:application_file", args=[app.pk, file.pk])).status_code == 404
        assert client.get(reverse("homestead:application_document",
                                  args=[app.pk, "approval", "pdf"])).status_code == 404
        upload = SimpleUploadedFile("意见.png", PNG, content_type="image/png")
        response = client.post(reverse("homestead:application_attach", args=[app.pk]), {"file": upload})
        assert response.status_code == 404
    assert Attachment.objects.filter(uploaded_by=w.agri).count() == 0


def test_in_joint_review_the_department_reads_the_file_and_uploads_its_evidence(client, w):
    app = w.apps["joint_review"]
    client.force_login(w.agri)
    page = client.get(reverse("homestead:application", args=[app.pk])).content.decode()
    assert "签署" in page and "核查项" in page
    file = Attachment.objects.filter(owner_id=str(app.pk)).first()
    assert client.get(reverse("homestead:application_file", args=[app.pk, file.pk])).status_code == 200
    upload = SimpleUploadedFile("意见.png", PNG, content_type="image/png")
    client.post(reverse("homestead:application_attach", args=[app.pk]), {"file": upload})
    assert Attachment.objects.filter(owner_id=str(app.pk), uploaded_by=w.agri).count() == 1


def test_a_department_outside_the_joint_review_sees_no_application(client, w):
    client.force_login(w.water)
    page = client.get(reverse("homestead:applications"))
    assert all(a.code not in page.content.decode() for a in w.apps.values())
    app = w.apps["joint_review"]
    assert client.get(reverse("homestead:application", args=[app.pk])).status_code == 404


def test_the_api_answers_as_the_pages(client, w):
    client.force_login(w.agri)
    listed = client.get("/api/v1/homestead/applications").json()
    codes = {row["code"] for row in listed.get("items", listed)}
    assert codes == {w.apps["joint_review"].code}
    assert client.get(f"/api/v1/homestead/applications/{w.apps['approved'].pk}").status_code == 404
