"""有偿使用: the year's bills from the parcel records, payments capped by what is owed, reductions."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.http import Http404
from django.utils import timezone

from zhenxing.core.models import AuditEvent
from zhenxing.homestead.fees import selectors as selectors_use
from zhenxing.homestead.fees.models import FeeBill, FeePayment
from zhenxing.homestead.fees.services import issue_bills, record_payment, reduce_bill
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def data(district):
    """Cap 350 m² (conftest). A1: `big` holds 400 m² (超占 by 50); `two` holds 200 + 120 m² (一户多宅,
    120 m² extra, under the cap); `outsider` of B1 uses 150 m² of A1's land; `plain` holds 200 m²."""
    a1, b1 = district["village_a1"], district["village_b1"]
    big, two, plain = (factories.household(a1, district["grid_a1"]) for _ in range(3))
    outsider = factories.household(b1)
    factories.parcel(a1, big, area_m2="400")
    factories.parcel(a1, two, area_m2="200")
    factories.parcel(a1, two, area_m2="120")
    factories.parcel(a1, plain, area_m2="200")
    factories.parcel(a1, outsider, area_m2="150")
    factories.parcel(b1, outsider, area_m2="200")
    return {
        "a1": a1,
        "b1": b1,
        "big": big,
        "two": two,
        "plain": plain,
        "outsider": outsider,
        "secretary": access.actor_for(factories.user("village_secretary", a1)),
        "cadre": access.actor_for(factories.user("village_cadre", a1)),
    }


def _bills():
    return {(b.household_id, b.reason): b for b in FeeBill.objects.all()}


def test_bills_follow_the_flags_with_basis_rate_and_amount(data):
    result = issue_bills(actor=data["secretary"], village=data["a1"], year=YEAR)
    bills = _bills()
    assert result == {"created": 3, "skipped": 0}
    assert set(bills) == {
        (data["big"].pk, "over_area"),
        (data["two"].pk, "multiple"),
        (data["outsider"].pk, "non_member"),
    }
    over = bills[(data["big"].pk, "over_area")]
    assert (over.basis_area_m2, over.rate_yuan_per_m2, over.amount_yuan) == (
        Decimal("50.00"),
        Decimal("5.00"),
        Decimal("250.00"),
    )
    multiple = bills[(data["two"].pk, "multiple")]
    assert (multiple.basis_area_m2, multiple.amount_yuan) == (Decimal("120.00"), Decimal("360.00"))
    non_member = bills[(data["outsider"].pk, "non_member")]
    assert (non_member.basis_area_m2, non_member.amount_yuan, non_member.path) == (
        Decimal("150.00"),
        Decimal("600.00"),
        data["a1"].path,
    )
    assert over.code.startswith(f"YC-{YEAR}-") and over.policy_source == ""
    event = AuditEvent.objects.get(action="homestead.fee.issue")
    assert event.changes["created"] == 3 and event.changes["year"] == YEAR


def test_issuing_again_skips_the_bills_already_there(data):
    issue_bills(actor=data["secretary"], village=data["a1"], year=YEAR)
    factories.parcel(data["a1"], data["plain"], area_m2="100")  # now 一户多宅 too, 300 m² under the cap
    result = issue_bills(actor=data["secretary"], village=data["a1"], year=YEAR)
    assert result == {"created": 1, "skipped": 3}
    assert FeeBill.objects.count() == 4 and len({b.code for b in FeeBill.objects.all()}) == 4


def test_the_policy_that_sets_a_rate_is_kept_on_the_bill(data, monkeypatch):
    from zhenxing.homestead.policies import rules

    monkeypatch.setattr(rules, "source", lambda key, on=None: "沈北新区宅基地有偿使用办法（2024）")
    issue_bills(actor=data["secretary"], village=data["a1"], year=YEAR)
    assert set(FeeBill.objects.values_list("policy_source", flat=True)) == {
        "沈北新区宅基地有偿使用办法（2024）"
    }


def test_issuing_needs_manage_homestead_over_the_village(data):
    with pytest.raises(Http404):
        issue_bills(actor=data["cadre"], village=data["a1"], year=YEAR)
    with pytest.raises(Http404):
        issue_bills(actor=data["secretary"], village=data["b1"], year=YEAR)
    with pytest.raises(ValidationError) as exc:
        issue_bills(actor=data["secretary"], village=data["a1"], year=timezone.localdate().year + 1)
    assert "年度应在" in " ".join(exc.value.messages)


def test_payments_and_reductions_derive_the_status(data):
    bill = factories.fee_bill(data["big"])  # 250 yuan
    actor = data["secretary"]
    assert bill.status == "unpaid"
    record_payment(
        actor=actor, bill=bill, amount="100", paid_on=date(2025, 5, 1), receipt_number="R1", method="cash"
    )
    bill.refresh_from_db()
    assert (bill.paid_yuan, bill.status, bill.status_label) == (Decimal("100.00"), "partial", "部分缴纳")
    reduce_bill(actor=actor, bill=bill, amount="150", reason="低保户", decided_on=date(2025, 5, 2))
    bill.refresh_from_db()
    assert (bill.outstanding_yuan, bill.status) == (Decimal("0.00"), "waived")
    assert AuditEvent.objects.filter(action__in=["homestead.fee.pay", "homestead.fee.reduce"]).count() == 2
    paid = factories.fee_bill(data["two"])
    record_payment(
        actor=actor, bill=paid, amount="250", paid_on=date(2025, 5, 1), receipt_number="R2", method="wechat"
    )
    for status, expected in (("waived", {bill}), ("paid", {paid}), ("unpaid", set()), ("partial", set())):
        found = selectors_use.bills(actor=actor, filters=selectors_use.BillFilter(status=status))
        assert set(found) == expected, status


def test_a_payment_never_exceeds_what_is_owed(data):
    bill = factories.fee_bill(data["big"])
    record_payment(
        actor=data["secretary"],
        bill=bill,
        amount="200",
        paid_on=date(2025, 5, 1),
        receipt_number="R1",
        method="cash",
    )
    with pytest.raises(ValidationError) as exc:
        record_payment(
            actor=data["secretary"],
            bill=bill,
            amount="50.01",
            paid_on=date(2025, 5, 1),
            receipt_number="R2",
            method="cash",
        )
    assert exc.value.message_dict["amount_yuan"] == ["缴费金额 50.01 元超过未缴金额 50.00 元"]
    with pytest.raises(ValidationError) as exc:
        reduce_bill(actor=data["secretary"], bill=bill, amount="60", reason="x", decided_on=date(2025, 5, 1))
    assert "超过未缴金额" in " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"amount": "0"}, "amount_yuan", "缴费金额应大于0"),
        ({"amount": "1.005"}, "amount_yuan", "两位小数"),
        ({"receipt_number": ""}, "receipt_number", "收据号"),
        ({"method": "gold"}, "method", "缴费方式"),
        ({"paid_on": None}, "paid_on", "缴费日期"),
        ({"paid_on": date(2999, 1, 1)}, "paid_on", "不能晚于今天"),
    ],
)
def test_bad_payments_are_refused_naming_the_field(data, changes, field, text):
    bill = factories.fee_bill(data["big"])
    values = {
        "amount": "10",
        "paid_on": date(2025, 5, 1),
        "receipt_number": "R9",
        "method": "cash",
        **changes,
    }
    with pytest.raises(ValidationError) as exc:
        record_payment(actor=data["secretary"], bill=bill, **values)
    assert field in exc.value.message_dict and text in " ".join(exc.value.messages)
    assert not FeePayment.objects.exists()


def test_a_bill_outside_the_scope_is_404(data):
    theirs = factories.fee_bill(data["outsider"])
    with pytest.raises(Http404):
        record_payment(
            actor=data["secretary"],
            bill=theirs,
            amount="1",
            paid_on=date(2025, 5, 1),
            receipt_number="R1",
            method="cash",
        )


@pytest.mark.django_db(transaction=True)
def test_two_clerks_paying_the_whole_bill_at_once_make_one_payment(district):
    """The bill row is locked while the outstanding amount is read (PostgreSQL: real row locks)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock is exercised on PostgreSQL")
    a1 = district["village_a1"]
    bill = factories.fee_bill(factories.household(a1))
    actor = access.actor_for(factories.user("village_secretary", a1))
    barrier, outcomes = threading.Barrier(2), []

    def pay(receipt):
        try:
            barrier.wait()
            record_payment(
                actor=actor,
                bill=bill,
                amount="250",
                paid_on=date(2025, 5, 1),
                receipt_number=receipt,
                method="cash",
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=pay, args=(r,)) for r in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bill.refresh_from_db()
    assert sorted(outcomes) == ["ok", "refused"] and bill.paid_yuan == Decimal("250.00")


# --- pages ---------------------------------------------------------------------------------------------


def test_the_issue_page_issues_and_the_register_filters(client, district, data):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    response = client.post("/homestead/fees/issue/", {"village": data["a1"].code, "year": str(YEAR)})
    assert response.status_code == 302
    body = client.get(f"/homestead/fees/?year={YEAR}&reason=multiple").content.decode()
    multiple = FeeBill.objects.get(reason="multiple")
    assert multiple.code in body and FeeBill.objects.get(reason="over_area").code not in body
    response = client.post("/homestead/fees/issue/", {"village": data["b1"].code, "year": str(YEAR)})
    assert "请选择您管辖的村" in response.content.decode()


def test_an_overpayment_on_the_page_is_refused_in_chinese(client, district, data):
    bill = factories.fee_bill(data["big"])
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    response = client.post(
        f"/homestead/fees/{bill.pk}/pay/",
        {"amount_yuan": "300", "paid_on": "2025-05-01", "receipt_number": "R1", "method": "cash"},
        follow=True,
    )
    assert "缴费金额 300.00 元超过未缴金额 250.00 元" in response.content.decode()
    assert not FeePayment.objects.exists()


# --- indicators ----------------------------------------------------------------------------------------


def test_the_ledger_sums_this_years_bills_and_counts_the_households(client, district, data):
    year = timezone.localdate().year
    factories.fee_bill(data["big"], year=year, amount_yuan=Decimal("250"), paid_yuan=Decimal("100"))
    factories.fee_bill(
        data["outsider"], village=data["a1"], year=year, reason="non_member", amount_yuan=Decimal("600")
    )
    factories.fee_bill(data["two"], year=year - 1, amount_yuan=Decimal("999"))
    client.force_login(factories.user("district_admin", district["county"]))
    figures = {f.indicator.key: f.value for f in client.get("/stats/210113001201/").context["figures"]}
    assert figures["homestead.fees_due"] == Decimal("850") and figures["homestead.fees_paid"] == Decimal(
        "100"
    )
    assert figures["homestead.fee_households"] == 1  # the outsider's household lives in B1
    body = client.get("/stats/210113001201/indicator/homestead.fees_due/").content.decode()
    assert "非本集体成员使用" in body and "/homestead/fees/" in body
