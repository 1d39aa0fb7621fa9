import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.core.models import Attachment, AuditEvent
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def setup(client, district):
    home = factories.household(district["village_a1"], district["grid_a1"])
    far = factories.household(district["village_b1"], district["grid_b1"])
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return client, home, far


def _upload(client, household, name, content):
    return client.post(
        f"/people/households/{household.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_upload_is_stored_by_content_and_audited(setup):
    client, home, _ = setup
    body = _upload(client, home, "户口簿.png", PNG).content.decode()
    assert "已上传" in body and "户口簿.png" in body
    att = Attachment.objects.get()
    assert att.content_type == "image/png" and att.scope_path == home.path
    assert AuditEvent.objects.filter(action="household.attach").exists()
    download = client.get(f"/people/attachments/{att.pk}/")
    assert b"".join(download.streaming_content) == PNG


def test_same_content_is_kept_once(setup):
    client, home, _ = setup
    _upload(client, home, "a.pdf", PDF)
    _upload(client, home, "b.pdf", PDF)
    assert Attachment.objects.count() == 2
    assert Attachment.objects.values("sha256").distinct().count() == 1


def test_type_is_judged_by_content_not_by_name(setup):
    client, home, _ = setup
    body = _upload(client, home, "evil.png", b"<script>alert(1)</script>").content.decode()
    assert "类型不受支持" in body
    assert not Attachment.objects.exists()


def test_size_limit(setup, settings):
    client, home, _ = setup
    settings.ATTACHMENT_MAX_BYTES = 10
    assert "上限" in _upload(client, home, "big.pdf", PDF).content.decode()
    assert not Attachment.objects.exists()


def test_attachments_are_scoped_like_their_household(setup, district):
    client, home, far = setup
    assert _upload(client, far, "x.pdf", PDF).status_code == 404
    _upload(client, home, "x.pdf", PDF)
    att = Attachment.objects.get()
    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(f"/people/attachments/{att.pk}/").status_code == 404
