"""流转 over the API alone: a contract filed, edited and terminated; the register and the expiry reminders
as the pages have them; errors by field, retries with an Idempotency-Key, scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.homestead.values import make_credit_code
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead"



@pytest.fixture
def parcel(district):
    home = factories.household(district["village_a1"], district["grid_a1"])
    factories.person(home, name="孙大山")
    return factories.parcel(district["village_a1"], home)


@pytest.fixture
def secretary(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return client


def lease(parcel, **changes) -> dict:
    today = timezone.localdate()
    return {"parcel": parcel.code, "kind": "lease", "transferee_name": "稻梦文旅有限公司",
            "transferee_kind": "enterprise", "transferee_id": make_credit_code("210113", 1234),
            "transferee_member": False, "purpose": "homestay", "starts_on": str(today - timedelta(days=300)),
            "ends_on": str(today + timedelta(days=30)), "rent_yuan": 12000, "payment_cycle": "yearly",
            **changes}


def test_a_contract_is_filed_edited_and_terminated_over_the_api(secretary, parcel):
    made = post(secretary, f"{API}/transfers", lease(parcel))
    assert made.status_code == 201, made.content
    contract = made.json()
    assert contract["parcel"] == parcel.code and contract["transferor"] == "孙大山"
    assert contract["status_label"] == "生效" and contract["rent_yuan"] in ("12000.00", 12000)
    one = f"{API}/transfers/{contract['id']}"
    assert secretary.get(one).json()["code"] == contract["code"]

    soon = secretary.get(f"{API}/expiring-transfers?which=soon").json()
    assert [c["id"] for c in soon["items"]] == [contract["id"]] and soon["items"][0]["days_left"] == 30
    assert secretary.get(f"{API}/expiring-transfers?which=expired").json()["count"] == 0

    edited = post(secretary, f"{one}/edit", {**lease(parcel), "rent_yuan": "15000.50", "purpose": "farmstay"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["purpose"] == "农家乐"
    assert TransferContract.objects.get().rent_yuan == 15000.50

    refused = post(secretary, f"{one}/terminate", {"terminated_on": "", "termination_reason": ""})
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"terminated_on", "termination_reason"}
    ended = post(secretary, f"{one}/terminate", {"terminated_on": str(timezone.localdate()),
                                                 "termination_reason": "双方协商一致"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["status_label"] == "已终止"
    assert secretary.get(f"{API}/transfers?status=terminated").json()["count"] == 1
    assert secretary.get(f"{API}/expiring-transfers").json()["count"] == 0
    again = post(secretary, f"{one}/edit", lease(parcel))
    assert again.status_code == 422 and "已终止" in again.json()["errors"]["terminated_on"][0]


def test_every_wrong_term_is_named_at_once(secretary, parcel):
    bad = {"parcel": parcel.code, "kind": "x", "transferee_kind": "person", "transferee_id": "1",
           "starts_on": "2024-13-40", "ends_on": "", "rent_yuan": "abc"}
    answer = post(secretary, f"{API}/transfers", bad)
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"kind", "transferee_name", "transferee_id", "purpose",
                                            "payment_cycle", "starts_on", "ends_on", "rent_yuan"}
    unknown = post(secretary, f"{API}/transfers", {**lease(parcel), "parcel": "2101130010010000000"})
    assert unknown.status_code == 422 and "找不到宗地" in unknown.json()["errors"]["parcel"][0]
    assert not TransferContract.objects.exists()


def test_a_retried_filing_with_the_same_key_makes_one_contract(secretary, parcel):
    first = post(secretary, f"{API}/transfers", lease(parcel), **{"Idempotency-Key": "lease-0001"})
    second = post(secretary, f"{API}/transfers", lease(parcel), **{"Idempotency-Key": "lease-0001"})
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and TransferContract.objects.count() == 1


def test_a_contract_outside_the_scope_is_not_found(client, secretary, parcel, district):
    contract = post(secretary, f"{API}/transfers", lease(parcel)).json()
    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(f"{API}/transfers/{contract['id']}").status_code == 404
    assert post(client, f"{API}/transfers/{contract['id']}/terminate", {}).status_code == 404
    assert post(client, f"{API}/transfers", lease(parcel)).status_code == 422
    assert client.get(f"{API}/transfers").json()["count"] == 0
