"""Pictures among the evidence are served small for the pages' thumbnails (once per content, kept beside
the blobs); anything that is not a picture Pillow can read is answered with the file itself."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from zhenxing.core import attachments

pytestmark = pytest.mark.django_db


def stored(name: str, content: bytes, content_type: str):
    return attachments.store(upload=SimpleUploadedFile(name, content, content_type=content_type),
                             owner_type="test.owner", owner_id="1", scope_path="21/", user=None)


def photo(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_photo_is_answered_as_a_small_jpeg_made_once():
    att = stored("现场.jpg", photo((2000, 1000)), "image/jpeg")
    request = RequestFactory().get("/f/?thumb=1")
    answer = attachments.response(att, request)
    small = Image.open(io.BytesIO(body(answer)))
    assert answer["Content-Type"] == "image/jpeg" and small.size == (240, 120)
    assert "attachment" not in answer.get("Content-Disposition", "")
    made = attachments.thumbnail(att)
    assert made.exists() and attachments.thumbnail(att) == made
    whole = attachments.response(att, RequestFactory().get("/f/"))
    assert "attachment" in whole["Content-Disposition"] and len(body(whole)) == att.size


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("坏图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),  # a PNG header and nothing readable
    ("申请表.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
])
def test_what_is_no_readable_picture_is_answered_with_the_file_itself(name, content, content_type):
    att = stored(name, content, content_type)
    assert attachments.thumbnail(att) is None
    answer = attachments.response(att, RequestFactory().get("/f/?thumb=1"))
    assert answer["Content-Type"] == content_type and body(answer) == content


def test_an_oversized_picture_is_not_decoded(settings, monkeypatch):
    monkeypatch.setattr(attachments, "THUMB_MAX_PIXELS", 100 * 100)
    att = stored("大图.jpg", photo((200, 200)), "image/jpeg")
    assert attachments.thumbnail(att) is None
