"""有偿使用 over the API alone: a year's bills issued, one paid in part (a retried payment counted once) and
the rest waived; the register's filters as the page has them; errors by field; scope."""


import pytest

from zhenxing.homestead.fees.models import FeeBill, FeePayment
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead"
YEAR = 2025



@pytest.fixture
def secretary(client, district):
    """A1 has a household holding 400 m² (超占 by 50 m² over the conftest's cap of 350)."""
    big = factories.household(district["village_a1"], district["grid_a1"])
    factories.parcel(district["village_a1"], big, area_m2="400")
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return client


def test_a_bill_is_issued_paid_in_part_and_the_rest_waived_over_the_api(secretary, district):
    village = district["village_a1"].code
    issued = post(secretary, f"{API}/fee-bills/issue", {"village": village, "year": str(YEAR)})
    assert issued.status_code == 200, issued.content
    assert issued.json() == {"village": village, "year": YEAR, "created": 1, "skipped": 0}
    again = post(secretary, f"{API}/fee-bills/issue", {"village": village, "year": YEAR})
    assert again.json()["skipped"] == 1

    listed = secretary.get(f"{API}/fee-bills?year={YEAR}&status=unpaid").json()
    (bill,) = listed["items"]
    assert bill["reason"] == "超占" and bill["amount_yuan"] in ("250.00", 250)
    one = f"{API}/fee-bills/{bill['id']}"

    payment = {"amount_yuan": "100", "paid_on": "2025-05-01", "receipt_number": "SJ-0001", "method": "cash"}
    paid = post(secretary, f"{one}/pay", payment, **{"Idempotency-Key": "pay-sj-0001"})
    again = post(secretary, f"{one}/pay", payment, **{"Idempotency-Key": "pay-sj-0001"})
    assert paid.status_code == again.status_code == 200, paid.content
    assert again.json()["status_label"] == "部分缴纳" and FeePayment.objects.count() == 1
    assert secretary.get(f"{API}/fee-bills?status=partial").json()["count"] == 1

    over = post(secretary, f"{one}/reduce", {"reduce_amount_yuan": "200", "decided_on": "2025-05-02",
                                             "reason": "低保户"})
    assert over.status_code == 422
    assert "超过未缴金额 150.00 元" in over.json()["errors"]["reduce_amount_yuan"][0]
    waived = post(secretary, f"{one}/reduce", {"reduce_amount_yuan": "150", "decided_on": "2025-05-02",
                                               "reason": "低保户，经村民代表会议同意"})
    assert waived.status_code == 200, waived.content
    assert waived.json()["status_label"] == "已减免" and waived.json()["outstanding_yuan"] in ("0.00", 0)
    assert FeeBill.objects.get().reduced_yuan == 150


def test_a_refused_write_names_its_field(secretary, district):
    refused = post(secretary, f"{API}/fee-bills/issue", {"village": district["village_b1"].code, "year": "x"})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["village"]
    bill = factories.fee_bill(factories.household(district["village_a1"]))
    bad = post(secretary, f"{API}/fee-bills/{bill.pk}/pay", {"amount_yuan": "abc", "method": "cash"})
    assert bad.status_code == 422 and "缴费金额应为金额" in bad.json()["errors"]["amount_yuan"][0]
    no_receipt = post(secretary, f"{API}/fee-bills/{bill.pk}/pay",
                      {"amount_yuan": "1", "paid_on": "2025-01-01"})
    assert no_receipt.status_code == 422 and set(no_receipt.json()["errors"]) == {"receipt_number"}
    assert not FeePayment.objects.exists()


def test_a_bill_outside_the_scope_is_not_found(client, district):
    bill = factories.fee_bill(factories.household(district["village_a1"]))
    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(f"{API}/fee-bills/{bill.pk}").status_code == 404
    assert post(client, f"{API}/fee-bills/{bill.pk}/pay", {}).status_code == 404
    assert client.get(f"{API}/fee-bills").json()["count"] == 0
