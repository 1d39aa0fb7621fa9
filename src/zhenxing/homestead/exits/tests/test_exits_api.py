"""自愿有偿退出 over the API alone: an application filed and edited by the village, reviewed by the street,
paid and recovered; errors by field, a retried filing counted once, scope."""


import pytest

from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead"



@pytest.fixture
def parcel(district):
    home = factories.household(district["village_a1"], district["grid_a1"])
    factories.person(home, name="孙大山")
    return factories.parcel(district["village_a1"], home)


VALUATION = {"house_value_yuan": "80000", "land_value_yuan": "30000", "eligibility_value_yuan": "0",
             "reward_yuan": 5000, "keeps_eligibility": True, "reason": "进城落户"}


def test_an_exit_walks_from_filing_to_recovery_over_the_api(client, district, parcel):
    cadre = factories.user("village_cadre", district["village_a1"])
    secretary = factories.user("village_secretary", district["village_a1"])
    reviewer = factories.user("street_reviewer", district["street_a"])
    client.force_login(cadre)
    made = post(client, f"{API}/exits", {"parcel": parcel.code, **VALUATION})
    assert made.status_code == 201, made.content
    record = made.json()
    assert record["state"] == "draft" and record["household"] == "孙大山"
    assert record["total_yuan"] in ("115000.00", 115000) and record["keeps_eligibility"] == "是"
    assert [t["name"] for t in record["transitions"]] == ["submit"]
    one = f"{API}/exits/{record['id']}"
    edited = post(client, f"{one}/edit", {**VALUATION, "reward_yuan": "6000"})
    assert edited.status_code == 200 and edited.json()["total_yuan"] in ("116000.00", 116000)
    assert post(client, f"{one}/transitions/submit", {}).json()["state"] == "reviewing"
    late = post(client, f"{one}/edit", VALUATION)
    assert late.status_code == 422 and "只有待提交的申请可以修改" in late.json()["errors"]["state"][0]

    client.force_login(reviewer)
    assert [t["name"] for t in client.get(one).json()["transitions"]] == ["approve", "reject"]
    assert post(client, f"{one}/transitions/approve", {"comment": "同意"}).json()["state"] == "approved"

    client.force_login(secretary)
    too_much = post(client, f"{one}/transitions/pay", {"data": {"amount": "999999", "paid_on": "2025-06-01"}})
    assert too_much.status_code == 422 and "超过评估补偿总额" in too_much.json()["errors"]["amount"][0]
    paid = post(client, f"{one}/transitions/pay", {"data": {"amount": 116000, "paid_on": "2025-06-01"}})
    assert paid.status_code == 200, paid.content
    assert paid.json()["compensation_paid_yuan"] in ("116000.00", 116000)
    done = post(client, f"{one}/transitions/recover", {}).json()
    assert done["state"] == "recovered" and done["transitions"] == []
    assert [h["transition"] for h in done["history"]] == ["submit", "approve", "pay", "recover"]
    assert client.get(f"{API}/exits?state=recovered").json()["count"] == 1


def test_every_wrong_value_is_named_at_once_and_a_retry_files_once(client, district, parcel):
    client.force_login(factories.user("village_cadre", district["village_a1"]))
    wrong = {"parcel": parcel.code, "house_value_yuan": "x", "land_value_yuan": "-1",
             "eligibility_value_yuan": "", "reward_yuan": "0", "reason": "长" * 201}
    bad = post(client, f"{API}/exits", wrong)
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"house_value_yuan", "land_value_yuan", "eligibility_value_yuan",
                                         "reason"}
    body = {"parcel": parcel.code, **VALUATION}
    first = post(client, f"{API}/exits", body, **{"Idempotency-Key": "exit-filing-1"})
    second = post(client, f"{API}/exits", body, **{"Idempotency-Key": "exit-filing-1"})
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and ExitApplication.objects.count() == 1


def test_only_the_village_files_and_nothing_is_seen_outside_the_scope(client, district, parcel):
    record = factories.exit_application(parcel)
    client.force_login(factories.user("street_reviewer", district["street_a"]))
    assert post(client, f"{API}/exits", {"parcel": parcel.code, **VALUATION}).status_code == 404
    assert post(client, f"{API}/exits/{record.pk}/edit", VALUATION).status_code == 404
    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(f"{API}/exits/{record.pk}").status_code == 404
    assert post(client, f"{API}/exits/{record.pk}/transitions/submit", {}).status_code == 404
    assert client.get(f"{API}/exits").json()["count"] == 0
