"""A household's evidence and a parcel's documents uploaded and read back over the API, a refused file named,
and a villager's own household."""

import io

import pytest

from zhenxing.core.models import AuditEvent
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name: str):
    upload = io.BytesIO(PNG)
    upload.name = name
    return upload


def test_household_and_parcel_files_are_uploaded_listed_and_downloaded(client, district):
    home = factories.household(district["village_a1"], district["grid_a1"])
    parcel = factories.parcel(district["village_a1"], home)
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    made = client.post(f"/api/v1/households/{home.pk}/attachments", {"file": png("户口簿.png")})
    assert made.status_code == 201, made.content
    (att,) = made.json()
    assert att["name"] == "户口簿.png" and att["content_type"] == "image/png"
    assert [a["id"] for a in client.get(f"/api/v1/households/{home.pk}/attachments").json()] == [att["id"]]
    assert b"".join(client.get(att["url"]).streaming_content) == PNG
    docs = client.post(f"/api/v1/homestead/parcels/{parcel.pk}/documents", {"file": png("宗地图.png")})
    assert docs.status_code == 201 and docs.json()[0]["name"] == "宗地图.png"
    assert AuditEvent.objects.filter(action="homestead.parcel.attach").count() == 1
    bad = client.post(f"/api/v1/homestead/parcels/{parcel.pk}/documents", {"file": io.BytesIO(b"MZ\x90")})
    assert bad.status_code == 422
    assert client.post(f"/api/v1/homestead/parcels/{parcel.pk}/documents", {}).status_code == 422

    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(att["url"]).status_code == 404
    assert client.post(f"/api/v1/households/{home.pk}/attachments", {"file": png("x.png")}).status_code == 404


def test_a_villager_reads_its_own_household(client, district):
    home = factories.household(district["village_a1"], district["grid_a1"])
    me = factories.person(home, name="孙大山")
    user = factories.user("villager", district["village_a1"])
    me.user = user
    me.save(update_fields=["user"])
    client.force_login(user)
    mine = client.get("/api/v1/my-household")
    assert mine.status_code == 200 and mine.json()["number"] == home.number
    assert [m["name"] for m in mine.json()["members"]] == ["孙大山"]
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    assert client.get("/api/v1/my-household").status_code == 404
