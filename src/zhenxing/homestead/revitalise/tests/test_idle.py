"""闲置盘活: idle surveys mark parcels idle; projects take idle parcels of their street and give them back."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.revitalise import services
from zhenxing.homestead.revitalise.models import IdleSurvey, RevitalisationProject
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(district):
    return actor_for(factories.user("village_secretary", district["village_a1"]))


@pytest.fixture
def street(district):
    return actor_for(factories.user("street_admin", district["street_a"]))


def _survey(actor, parcel, **extra):
    values = {
        "surveyed_on": date(2024, 5, 1),
        "idle_kind": "year_round",
        "condition": "fair",
        "intention": "lease",
        "surveyor": "王调查",
    }
    values.update(extra)
    return services.record_survey(actor=actor, parcel=parcel, **values)


def _project(actor, village, **extra):
    values = {
        "name": "稻梦小镇民宿",
        "kind": "homestay",
        "operator_name": "沈阳稻梦小镇文化旅游有限公司",
        "operator_kind": "company",
        "investment_yuan": Decimal("5000000"),
        "social_investment_yuan": Decimal("4500000"),
        "started_on": date(2023, 4, 1),
        "status": "operating",
        "description": "",
    }
    values.update(extra)
    return services.add_project(actor=actor, village=village, **values)


def test_a_survey_marks_the_parcel_idle_and_is_audited(district, secretary):
    parcel = factories.parcel(district["village_a1"])
    survey = _survey(secretary, parcel)
    parcel.refresh_from_db()
    assert parcel.use_status == "idle" and survey.path == parcel.path
    event = AuditEvent.objects.get(action="homestead.idle.survey")
    assert event.object_id == str(parcel.pk) and event.changes["use_status"] == ["in_use", "idle"]


def test_a_bad_survey_is_refused_in_chinese_and_nothing_changes(district, secretary):
    parcel = factories.parcel(district["village_a1"])
    with pytest.raises(ValidationError) as err:
        _survey(
            secretary,
            parcel,
            surveyed_on=timezone.localdate() + timedelta(days=1),
            surveyor=" ",
            intention="sell",
        )
    assert err.value.message_dict == {
        "surveyed_on": ["调查日期不能晚于今天"],
        "surveyor": ["请填写调查人"],
        "intention": ["请从列表中选择农户意愿"],
    }
    parcel.refresh_from_db()
    assert parcel.use_status == "in_use" and not IdleSurvey.objects.exists()


def test_a_survey_outside_the_scope_is_404(district, secretary):
    with pytest.raises(Http404):
        _survey(secretary, factories.parcel(district["village_b1"]))


def test_project_codes_run_per_start_year(district, street):
    first = _project(street, district["village_a1"])
    second = _project(street, district["village_a2"], name="丁丁营地", kind="tourism")
    third = _project(street, district["village_a1"], name="研学", started_on=date(2024, 2, 1))
    assert (first.code, second.code, third.code) == ("PH-2023-0001", "PH-2023-0002", "PH-2024-0001")
    assert AuditEvent.objects.filter(action="homestead.project.add").count() == 3


def test_project_checks_name_the_fields(district, street):
    with pytest.raises(ValidationError) as err:
        _project(
            street,
            district["village_a1"],
            name="",
            social_investment_yuan=Decimal("6000000"),
            operator_kind="government",
        )
    assert err.value.message_dict == {
        "name": ["请填写项目名称"],
        "operator_kind": ["请从列表中选择主体类型"],
        "social_investment_yuan": ["社会投资不能大于总投资"],
    }
    with pytest.raises(Http404):
        _project(street, district["village_b1"])
    assert not RevitalisationProject.objects.exists()


def test_linking_revitalises_an_idle_parcel_once_and_unlinking_returns_it(district, street):
    project = _project(street, district["village_a1"])
    other = _project(street, district["village_a2"], name="另一个项目")
    parcel = factories.parcel(district["village_a2"], use_status="idle")  # same street, another village
    services.link_parcel(actor=street, project=project, parcel=parcel)
    parcel.refresh_from_db()
    assert parcel.use_status == "revitalised"
    with pytest.raises(ValidationError) as err:
        services.link_parcel(actor=street, project=other, parcel=parcel)
    assert err.value.messages == [f"宗地 {parcel.code} 已属于项目“稻梦小镇民宿”"]
    services.unlink_parcel(actor=street, project=project, parcel=parcel)
    parcel.refresh_from_db()
    assert parcel.use_status == "idle"
    services.link_parcel(actor=street, project=other, parcel=parcel)  # free again
    assert project.links.get().released_on == timezone.localdate()


def test_a_project_takes_only_idle_parcels_of_its_street(district):
    admin = actor_for(factories.user("district_admin", district["county"]))
    project = _project(admin, district["village_a1"])
    elsewhere = factories.parcel(district["village_b1"], use_status="idle")
    in_use = factories.parcel(district["village_a1"])
    with pytest.raises(ValidationError, match="不在项目所在街道内"):
        services.link_parcel(actor=admin, project=project, parcel=elsewhere)
    with pytest.raises(ValidationError, match="不是闲置宗地"):
        services.link_parcel(actor=admin, project=project, parcel=in_use)


def test_a_parcel_in_a_project_cannot_be_surveyed_idle(district, street):
    project = _project(street, district["village_a1"])
    parcel = factories.parcel(district["village_a1"], use_status="idle")
    services.link_parcel(actor=street, project=project, parcel=parcel)
    with pytest.raises(ValidationError, match="已纳入盘活项目"):
        _survey(street, parcel)


def test_closing_a_project_gives_its_parcels_back(district, street):
    project = _project(street, district["village_a1"])
    parcels = [factories.parcel(district["village_a1"], use_status="idle") for _ in range(2)]
    for p in parcels:
        services.link_parcel(actor=street, project=project, parcel=p)
    fields = {k: getattr(project, k) for k in services.PROJECT_FIELDS}
    services.edit_project(actor=street, project=project, **{**fields, "status": "closed"})
    assert set(
        Parcel.objects.filter(pk__in=[p.pk for p in parcels]).values_list("use_status", flat=True)
    ) == {"idle"}
    event = AuditEvent.objects.filter(action="homestead.project.edit").get()
    assert event.changes["status"] == ["operating", "closed"] and len(event.changes["released"]) == 2


def test_idle_register_shows_the_latest_survey_and_filters(client, district, secretary):
    surveyed = factories.parcel(district["village_a1"])
    _survey(secretary, surveyed, surveyed_on=date(2023, 1, 1), intention="exit")
    _survey(secretary, surveyed, surveyed_on=date(2024, 1, 1), intention="shares")
    never = factories.parcel(district["village_a1"], use_status="idle")
    theirs = factories.parcel(district["village_b1"], use_status="idle")
    client.force_login(secretary.user)
    response = client.get("/homestead/idle/")
    rows = {url: dict(cells) for url, cells in response.context["rows"]}
    assert set(rows) == {f"/homestead/idle/{p.pk}/" for p in (surveyed, never)}  # not B1's
    assert rows[f"/homestead/idle/{surveyed.pk}/"]["农户意愿"] == "入股"
    assert rows[f"/homestead/idle/{never.pk}/"]["最近调查"] == "未调查"
    body = client.get("/homestead/idle/?surveyed=no").content.decode()
    assert never.code in body and surveyed.code not in body and theirs.code not in body


def test_survey_form_names_the_fields_in_chinese(client, district, secretary):
    parcel = factories.parcel(district["village_a1"])
    client.force_login(secretary.user)
    response = client.post(
        f"/homestead/idle/{parcel.pk}/survey/", {"surveyed_on": "2024-13-01", "idle_kind": "x"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "调查日期：调查日期应为日期" in body and "闲置类型：请从列表中选择闲置类型" in body
    assert "调查人：请填写调查人" in body and not IdleSurvey.objects.exists()


def test_project_form_and_detail(client, district, street):
    client.force_login(street.user)
    response = client.post(
        "/homestead/projects/new/",
        {"name": "丁丁营地", "kind": "tourism", "village": district["village_b1"].code},
    )
    assert response.status_code == 400
    assert "所在村：请从列表中选择所在村" in response.content.decode()  # B1 is not the street's
    response = client.post(
        "/homestead/projects/new/",
        {
            "name": "丁丁营地",
            "kind": "tourism",
            "village": district["village_a1"].code,
            "operator_name": "营地公司",
            "operator_kind": "company",
            "investment_yuan": "1200000",
            "social_investment_yuan": "1000000",
            "started_on": "2023-06-01",
            "status": "operating",
        },
    )
    project = RevitalisationProject.objects.get()
    assert response["Location"] == f"/homestead/projects/{project.pk}/"
    parcel = factories.parcel(district["village_a1"], use_status="idle")
    client.post(f"/homestead/projects/{project.pk}/parcels/", {"parcel": parcel.code})
    body = client.get(f"/homestead/projects/{project.pk}/").content.decode()
    assert "使用宗地（1 宗" in body and parcel.code in body
    assert 'title="1,200,000.00 元">120</span> 万元' in body  # 万元, the exact 元 on hover


def test_project_indicators_count_and_sum_with_drill_down(district, street):
    _project(street, district["village_a1"])
    _project(street, district["village_a2"], investment_yuan=Decimal("3000000"), social_investment_yuan=0)
    parcel = factories.parcel(district["village_a1"])
    _survey(street, parcel)
    county = district["county"].path
    assert registry.get("homestead.projects").value(county) == 2
    assert registry.get("homestead.project_investment").value(county) == Decimal("8000000")
    assert registry.get("homestead.project_investment").value(district["village_a2"].path) == Decimal(
        "3000000"
    )
    assert list(registry.get("homestead.idle_surveyed").drill(county)) == [parcel]
