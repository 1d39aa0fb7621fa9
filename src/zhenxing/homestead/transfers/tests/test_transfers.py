"""流转: contracts on a parcel — validation, scope, audit, expiry as a date, and the pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhenxing.core import personal
from zhenxing.core.idcard import make_id_number
from zhenxing.core.models import AuditEvent
from zhenxing.homestead.transfers import selectors as selectors_use
from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.homestead.transfers.services import (
    TransferTerms,
    create_transfer,
    terminate_transfer,
    update_transfer,
)
from zhenxing.homestead.values import check_credit_code, make_credit_code
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PERSON_ID = make_id_number("210113", date(1980, 4, 5), 7, "M")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def data(district):
    a1, b1 = district["village_a1"], district["village_b1"]
    home = factories.household(a1, district["grid_a1"])
    factories.person(home, name="孙大山")
    other = factories.household(b1)
    return {
        "parcel": factories.parcel(a1, home, use_status="revitalised"),
        "ownerless": factories.parcel(a1, None),
        "theirs": factories.parcel(b1, other),
        "secretary": access.actor_for(factories.user("village_secretary", a1)),
        "cadre": access.actor_for(factories.user("village_cadre", a1)),
    }


def terms(**changes) -> TransferTerms:
    values = dict(
        kind="lease",
        transferee_name="稻梦文旅有限公司",
        transferee_kind="enterprise",
        transferee_id=make_credit_code("210113", 1234),
        transferee_member=False,
        purpose="homestay",
        starts_on=date(2025, 3, 1),
        ends_on=date(2035, 2, 28),
        rent_yuan="12000",
        payment_cycle="yearly",
    )
    values.update(changes)
    return TransferTerms(**values)


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_lease_is_filed_with_a_code_the_household_as_transferor_and_an_audit_event(data):
    contract = create_transfer(actor=data["secretary"], parcel=data["parcel"], terms=terms())
    assert contract.code == "LZ-2025-000001"
    assert contract.household == data["parcel"].household and contract.path == data["parcel"].path
    assert contract.rent_yuan == Decimal("12000.00")
    event = AuditEvent.objects.get(action="homestead.transfer.create")
    assert event.object_id == str(contract.pk) and event.changes["parcel"] == data["parcel"].code
    mortgage = create_transfer(
        actor=data["secretary"], parcel=data["parcel"], terms=terms(kind="mortgage", rent_yuan="0")
    )
    assert mortgage.code == "LZ-2025-000002"


def test_a_persons_id_number_is_stored_encrypted_and_shown_masked(data):
    contract = create_transfer(
        actor=data["secretary"],
        parcel=data["parcel"],
        terms=terms(transferee_kind="person", transferee_name="张三", transferee_id=PERSON_ID),
    )
    assert PERSON_ID not in contract.transferee_id_shown and contract.transferee_id_shown.startswith("2101")
    assert personal.decrypt(contract.transferee_id_enc) == PERSON_ID
    assert PERSON_ID not in str(AuditEvent.objects.get(action="homestead.transfer.create").changes)


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"ends_on": date(2025, 3, 1)}, "ends_on", "终止日期应晚于起始日期"),
        ({"ends_on": date(2045, 3, 2)}, "ends_on", "出租期限不得超过20年"),
        ({"transferee_id": "91210113MA0000000X"}, "transferee_id", "统一社会信用代码"),
        ({"transferee_kind": "person", "transferee_id": "210113198004050000"}, "transferee_id", "身份证号"),
        ({"transferee_name": " "}, "transferee_name", "流入方名称"),
        ({"rent_yuan": "0"}, "rent_yuan", "年租金应大于0"),
        ({"rent_yuan": "abc"}, "rent_yuan", "年租金应为金额"),
        ({"purpose": "casino"}, "purpose", "请选择用途"),
        ({"starts_on": None}, "starts_on", "起始日期"),
    ],
)
def test_bad_terms_are_refused_naming_the_field_and_nothing_is_written(data, changes, field, text):
    with pytest.raises(ValidationError) as exc:
        create_transfer(actor=data["secretary"], parcel=data["parcel"], terms=terms(**changes))
    assert field in exc.value.message_dict and text in messages_of(exc)
    assert not TransferContract.objects.exists() and not AuditEvent.objects.exists()


def test_twenty_years_is_the_longest_lease_and_other_kinds_may_run_longer(data):
    create_transfer(actor=data["secretary"], parcel=data["parcel"], terms=terms(ends_on=date(2045, 3, 1)))
    other = factories.parcel(data["parcel"].village, data["parcel"].household)
    create_transfer(
        actor=data["secretary"], parcel=other, terms=terms(kind="share", ends_on=date(2055, 3, 1))
    )
    assert TransferContract.objects.count() == 2


def test_two_leases_of_one_parcel_may_not_overlap_but_a_mortgage_may(data):
    create_transfer(actor=data["secretary"], parcel=data["parcel"], terms=terms())
    with pytest.raises(ValidationError) as exc:
        create_transfer(
            actor=data["secretary"],
            parcel=data["parcel"],
            terms=terms(starts_on=date(2030, 1, 1), ends_on=date(2031, 1, 1)),
        )
    assert "期限不能重叠" in messages_of(exc)
    create_transfer(
        actor=data["secretary"], parcel=data["parcel"], terms=terms(kind="mortgage", rent_yuan="0")
    )


def test_a_parcel_without_a_household_cannot_be_transferred(data):
    with pytest.raises(ValidationError) as exc:
        create_transfer(actor=data["secretary"], parcel=data["ownerless"], terms=terms())
    assert "没有登记权利人户" in messages_of(exc)


def test_outside_the_scope_or_without_manage_homestead_is_404(data):
    with pytest.raises(Http404):
        create_transfer(actor=data["secretary"], parcel=data["theirs"], terms=terms())
    with pytest.raises(Http404):
        create_transfer(actor=data["cadre"], parcel=data["parcel"], terms=terms())
    assert not TransferContract.objects.exists()


def test_editing_keeps_a_persons_id_when_left_blank_and_audits_the_change(data):
    contract = create_transfer(
        actor=data["secretary"],
        parcel=data["parcel"],
        terms=terms(transferee_kind="person", transferee_name="张三", transferee_id=PERSON_ID),
    )
    update_transfer(
        actor=data["secretary"],
        contract=contract,
        terms=terms(transferee_kind="person", transferee_name="张三", transferee_id="", rent_yuan="9000"),
    )
    contract.refresh_from_db()
    assert (
        contract.rent_yuan == Decimal("9000.00") and personal.decrypt(contract.transferee_id_enc) == PERSON_ID
    )
    event = AuditEvent.objects.get(action="homestead.transfer.update")
    assert event.changes == {"rent_yuan": ["12000.00", "9000.00"]}


def test_termination_needs_a_reason_and_ends_the_contract(data):
    contract = create_transfer(actor=data["secretary"], parcel=data["parcel"], terms=terms())
    with pytest.raises(ValidationError) as exc:
        terminate_transfer(
            actor=data["secretary"], contract=contract, terminated_on=date(2025, 6, 1), reason=""
        )
    assert "解除原因" in messages_of(exc)
    terminate_transfer(
        actor=data["secretary"], contract=contract, terminated_on=date(2025, 6, 1), reason="协商解除"
    )
    contract.refresh_from_db()
    assert contract.status(timezone.localdate()) == "terminated"
    with pytest.raises(ValidationError):
        update_transfer(actor=data["secretary"], contract=contract, terms=terms())


def test_expiry_is_a_query_on_the_end_date(data):
    today = timezone.localdate()
    soon = factories.transfer_contract(
        data["parcel"], starts_on=today - timedelta(400), ends_on=today + timedelta(30)
    )
    late = factories.transfer_contract(data["parcel"], kind="mortgage", ends_on=today - timedelta(1))
    far = factories.transfer_contract(data["parcel"], kind="mortgage", ends_on=today + timedelta(61))
    factories.transfer_contract(
        data["parcel"],
        kind="mortgage",
        ends_on=today - timedelta(5),
        terminated_on=today - timedelta(10),
        termination_reason="提前解除",
    )
    listed = list(selectors_use.expiring(actor=data["secretary"]))
    assert listed == [late, soon]
    assert list(selectors_use.expiring(actor=data["secretary"], which="soon")) == [soon]
    assert far.status(today) == "active" and late.status(today) == "expired"
    assert set(
        selectors_use.transfers(
            actor=data["secretary"], filters=selectors_use.TransferFilter(status="expired")
        )
    ) == {late}


def test_credit_codes_are_checked_by_structure():
    code = make_credit_code("210113", 42)
    assert check_credit_code(code.lower()) == code
    for bad in (code[:-1], code[:-1] + ("0" if code[-1] != "0" else "1"), "I" + code[1:]):
        with pytest.raises(ValueError):
            check_credit_code(bad)


# --- pages ---------------------------------------------------------------------------------------------


def _login(client, role, place):
    client.force_login(factories.user(role, place))
    return client


def _form(data, **changes):
    values = {
        "parcel": data["parcel"].code,
        "kind": "lease",
        "transferee_name": "李四",
        "transferee_kind": "person",
        "transferee_id": PERSON_ID,
        "purpose": "homestay",
        "starts_on": "2025-03-01",
        "ends_on": "2030-02-28",
        "rent_yuan": "8000",
        "payment_cycle": "yearly",
    }
    values.update(changes)
    return values


def test_the_form_shows_chinese_errors_naming_the_fields_and_writes_nothing(client, district, data):
    c = _login(client, "village_secretary", district["village_a1"])
    response = c.post("/homestead/transfers/new/", _form(data, ends_on="2024-01-01", transferee_id="123"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "终止日期应晚于起始日期" in body and "证件号码：身份证号应为18位" in body and "未保存" in body
    assert not TransferContract.objects.exists()
    response = c.post("/homestead/transfers/new/", _form(data, parcel=data["theirs"].code))
    assert "找不到宗地" in response.content.decode()


def test_a_filed_contract_shows_in_the_register_and_on_its_page(client, district, data):
    c = _login(client, "village_secretary", district["village_a1"])
    response = c.post("/homestead/transfers/new/", _form(data))
    contract = TransferContract.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/homestead/transfers/{contract.pk}/"
    assert contract.code in c.get("/homestead/transfers/?kind=lease").content.decode()
    body = c.get(response["Location"]).content.decode()
    assert "李四" in body and PERSON_ID not in body and "解除合同" in body


def test_the_expiry_list_highlights_expired_and_expiring_rows(client, district, data):
    today = timezone.localdate()
    soon = factories.transfer_contract(data["parcel"], ends_on=today + timedelta(10))
    late = factories.transfer_contract(data["parcel"], kind="mortgage", ends_on=today - timedelta(3))
    body = (
        _login(client, "street_admin", district["street_a"])
        .get("/homestead/transfers/expiring/")
        .content.decode()
    )
    assert (
        f'<tr class="expired">\n  <td data-label="合同编号"><a href="/homestead/transfers/{late.pk}/">'
        in body
    )
    assert (
        f'<tr class="expiring">\n  <td data-label="合同编号"><a href="/homestead/transfers/{soon.pk}/">'
        in body
    )
    assert "10 天后到期" in body


def test_a_contract_outside_the_scope_is_404(client, district, data):
    theirs = factories.transfer_contract(data["theirs"])
    c = _login(client, "village_secretary", district["village_a1"])
    assert c.get(f"/homestead/transfers/{theirs.pk}/").status_code == 404
    assert (
        c.post(f"/homestead/transfers/{theirs.pk}/terminate/", {"termination_reason": "x"}).status_code == 404
    )


# --- indicators ----------------------------------------------------------------------------------------


def test_the_ledger_counts_contracts_in_force_and_drills_down_to_them(client, district, data):
    today = timezone.localdate()
    lease = factories.transfer_contract(
        data["parcel"], starts_on=today - timedelta(10), ends_on=today + timedelta(99)
    )
    factories.transfer_contract(
        data["parcel"], kind="mortgage", starts_on=today - timedelta(10), ends_on=today + timedelta(99)
    )
    factories.transfer_contract(
        data["parcel"], starts_on=today - timedelta(800), ends_on=today - timedelta(1)
    )
    client.force_login(factories.user("district_admin", district["county"]))
    figures = {f.indicator.key: f.value for f in client.get("/stats/210113000000/").context["figures"]}
    assert figures["homestead.transfers"] == 1 and figures["homestead.mortgages"] == 1
    assert figures["homestead.transfer_area"] == data["parcel"].area_m2
    body = client.get("/stats/210113001000/indicator/homestead.transfers/").content.decode()
    assert lease.code in body and f"/homestead/transfers/{lease.pk}/" in body
