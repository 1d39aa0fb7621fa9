"""自愿有偿退出: filing with a valuation, the workflow's steps by the right roles, and the recovery."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core import workflow
from zhenxing.core.models import AuditEvent
from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.homestead.exits.services import Valuation, advance_exit, edit_exit, file_exit
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def data(district):
    a1 = district["village_a1"]
    home = factories.household(a1, district["grid_a1"])
    factories.person(home, name="孙大山")
    actors = {
        role: access.actor_for(factories.user(role, place))
        for role, place in (
            ("village_secretary", a1),
            ("village_cadre", a1),
            ("street_reviewer", district["street_a"]),
            ("district_admin", district["county"]),
            ("grid_worker", district["grid_a1"]),
        )
    }
    other_street = access.actor_for(factories.user("street_reviewer", district["street_b"]))
    return {
        "a1": a1,
        "home": home,
        "parcel": factories.parcel(a1, home, area_m2="260"),
        **actors,
        "other_street": other_street,
    }


def valuation(**changes) -> Valuation:
    values = dict(
        house_value_yuan="80000",
        land_value_yuan="30000",
        eligibility_value_yuan="10000",
        reward_yuan="5000",
        keeps_eligibility=False,
        reason="进城落户",
    )
    values.update(changes)
    return Valuation(**values)


def test_the_village_files_an_application_with_its_total(data):
    record = file_exit(actor=data["village_cadre"], parcel=data["parcel"], valuation=valuation())
    assert record.code.startswith("TC-") and record.state == "draft"
    assert record.total_yuan == Decimal("125000.00") and record.area_m2 == Decimal("260.00")
    assert record.household == data["home"] and record.path == data["a1"].path
    assert AuditEvent.objects.filter(action="homestead.exit.file", object_id=str(record.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"house_value_yuan": "-1"}, "house_value_yuan", "房屋价值应不小于0"),
        ({"land_value_yuan": "三万"}, "land_value_yuan", "土地价值应为金额"),
        ({"keeps_eligibility": True}, "eligibility_value_yuan", "保留资格权时不补偿资格权价值"),
    ],
)
def test_a_bad_valuation_is_refused_naming_the_field(data, changes, field, text):
    with pytest.raises(ValidationError) as exc:
        file_exit(actor=data["village_cadre"], parcel=data["parcel"], valuation=valuation(**changes))
    assert field in exc.value.message_dict and text in " ".join(exc.value.messages)
    assert not ExitApplication.objects.exists()


def test_only_the_village_files_and_a_parcel_has_one_open_application(data):
    with pytest.raises(ValidationError):
        file_exit(actor=data["district_admin"], parcel=data["parcel"], valuation=valuation())
    with pytest.raises(Http404):
        file_exit(actor=data["other_street"], parcel=data["parcel"], valuation=valuation())
    file_exit(actor=data["village_secretary"], parcel=data["parcel"], valuation=valuation())
    with pytest.raises(ValidationError) as exc:
        file_exit(actor=data["village_secretary"], parcel=data["parcel"], valuation=valuation())
    assert "已有办理中的退出申请" in " ".join(exc.value.messages)


def test_a_mortgaged_parcel_cannot_exit(data):
    factories.transfer_contract(data["parcel"], kind="mortgage", ends_on=date(2099, 1, 1))
    with pytest.raises(ValidationError) as exc:
        file_exit(actor=data["village_secretary"], parcel=data["parcel"], valuation=valuation())
    assert "须先解除抵押" in " ".join(exc.value.messages)


def test_the_whole_way_to_recovery_frees_the_parcel(data):
    record = file_exit(actor=data["village_cadre"], parcel=data["parcel"], valuation=valuation())
    edit_exit(actor=data["village_cadre"], record=record, valuation=valuation(reward_yuan="6000"))
    advance_exit(actor=data["village_cadre"], record=record, transition="submit")
    with pytest.raises(ValidationError):  # the street reviews, not the village's own secretary
        advance_exit(actor=data["village_secretary"], record=record, transition="approve")
    advance_exit(actor=data["street_reviewer"], record=record, transition="approve", comment="同意")
    with pytest.raises(ValidationError) as exc:
        advance_exit(
            actor=data["village_secretary"],
            record=record,
            transition="pay",
            amount="999999",
            paid_on=date(2025, 6, 1),
        )
    assert "超过评估补偿总额" in " ".join(exc.value.messages)
    advance_exit(
        actor=data["village_secretary"],
        record=record,
        transition="pay",
        amount="126000",
        paid_on=date(2025, 6, 1),
    )
    advance_exit(actor=data["village_secretary"], record=record, transition="recover")
    record.refresh_from_db()
    data["parcel"].refresh_from_db()
    assert record.state == "recovered" and record.compensation_paid_yuan == Decimal("126000.00")
    assert data["parcel"].household is None and data["parcel"].use_status == "idle"
    steps = [(s.from_state, s.to_state) for s in workflow.history(record)]
    assert steps == [
        ("draft", "reviewing"),
        ("reviewing", "approved"),
        ("approved", "compensated"),
        ("compensated", "recovered"),
    ]
    assert AuditEvent.objects.get(action="homestead.exit.parcel_recovered").changes["household"] == [
        data["home"].pk,
        None,
    ]


def test_a_revitalised_parcel_stays_revitalised_when_recovered(data):
    parcel = factories.parcel(data["a1"], data["home"], use_status="revitalised")
    record = factories.exit_application(parcel, state="compensated")
    advance_exit(actor=data["street_reviewer"], record=record, transition="recover")
    parcel.refresh_from_db()
    assert parcel.household is None and parcel.use_status == "revitalised"


def test_rejection_needs_a_reason(data):
    record = factories.exit_application(data["parcel"], state="reviewing")
    with pytest.raises(ValidationError) as exc:
        advance_exit(actor=data["street_reviewer"], record=record, transition="reject", comment=" ")
    assert "须填写理由" in " ".join(exc.value.messages)
    advance_exit(actor=data["street_reviewer"], record=record, transition="reject", comment="房屋评估不实")
    record.refresh_from_db()
    assert record.state == "rejected"


def test_wrong_roles_and_wrong_states_are_refused(data):
    record = factories.exit_application(data["parcel"], state="draft")
    with pytest.raises(ValidationError) as exc:
        advance_exit(actor=data["street_reviewer"], record=record, transition="submit")
    assert "您的角色不能执行“提交审核”" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        advance_exit(actor=data["village_cadre"], record=record, transition="recover")
    with pytest.raises(ValidationError) as exc:
        advance_exit(actor=data["district_admin"], record=record, transition="approve")
    assert "当前状态为“待提交”" in " ".join(exc.value.messages)
    with pytest.raises(Http404):
        advance_exit(actor=data["other_street"], record=record, transition="approve")
    record.refresh_from_db()
    assert record.state == "draft"


# --- pages ---------------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_buttons_of_the_actor(client, district, data):
    record = factories.exit_application(data["parcel"], state="reviewing")
    client.force_login(factories.user("street_reviewer", district["street_a"]))
    body = client.get(f"/homestead/exits/{record.pk}/").content.decode()
    assert 'value="approve"' in body and 'value="reject"' in body and 'value="submit"' not in body
    client.force_login(factories.user("village_cadre", district["village_a1"]))
    body = client.get(f"/homestead/exits/{record.pk}/").content.decode()
    assert 'value="approve"' not in body and "审核中" in body


def test_the_filing_form_shows_chinese_errors(client, district, data):
    client.force_login(factories.user("village_cadre", district["village_a1"]))
    response = client.post(
        "/homestead/exits/new/",
        {
            "parcel": data["parcel"].code,
            "house_value_yuan": "abc",
            "land_value_yuan": "1",
            "eligibility_value_yuan": "0",
            "reward_yuan": "0",
        },
    )
    assert response.status_code == 200 and "房屋价值应为金额" in response.content.decode()
    assert not ExitApplication.objects.exists()


def test_a_refused_step_on_the_page_says_why(client, district, data):
    record = factories.exit_application(data["parcel"], state="reviewing")
    client.force_login(factories.user("street_reviewer", district["street_a"]))
    response = client.post(f"/homestead/exits/{record.pk}/advance/", {"transition": "reject"}, follow=True)
    assert "“驳回”须填写理由" in response.content.decode()


# --- indicators ----------------------------------------------------------------------------------------


def test_the_ledger_counts_recovered_exits_and_the_compensation_paid(client, district, data):
    done = factories.exit_application(
        data["parcel"], state="recovered", compensation_paid_yuan=Decimal("120000")
    )
    other = factories.parcel(data["a1"], data["home"], area_m2="100")
    factories.exit_application(other, state="compensated", compensation_paid_yuan=Decimal("50000"))
    factories.exit_application(factories.parcel(data["a1"], data["home"]), state="reviewing")
    client.force_login(factories.user("district_admin", district["county"]))
    figures = {f.indicator.key: f.value for f in client.get("/stats/210113001000/").context["figures"]}
    assert figures["homestead.exits"] == 1 and figures["homestead.exit_area"] == Decimal("260")
    assert figures["homestead.exit_compensation"] == Decimal("170000")
    body = client.get("/stats/210113001000/indicator/homestead.exits/").content.decode()
    assert done.code in body and "已收回" in body
