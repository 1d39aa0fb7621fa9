"""政策制度: versioned policies, the rules they set by date, their scope, forms and pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from zhenxing.core.models import AuditEvent
from zhenxing.homestead.policies import rules, services
from zhenxing.homestead.policies.models import Policy, PolicyRule, PolicyVersion
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def admin(district):
    return actor_for(factories.user("district_admin", district["county"]))


def _policy(admin, **extra):
    values = {
        "title": "沈北新区农村宅基地审批管理办法",
        "number": "沈北政办发〔2020〕15号",
        "issuer": "沈北新区人民政府办公室",
        "level": "district",
        "category": "approval",
        "effective_from": date(2020, 1, 1),
        "text": "第一条 ……",
        "rules": {"area_cap_m2": "400", "publicity_working_days": "7"},
    }
    values.update(extra)
    return services.add_policy(actor=admin, **values)


def test_without_a_policy_each_rule_is_its_default_and_has_no_source():
    assert rules.value("area_cap_m2") == Decimal("350")  # the tests' configured cap
    assert rules.value("publicity_working_days") == 5
    assert rules.source("area_cap_m2") is None


def test_a_rule_takes_the_value_of_the_version_in_force_on_the_day(admin):
    policy = _policy(admin)
    services.add_version(
        actor=admin,
        policy=policy,
        effective_from=date(2023, 1, 1),
        text="修订后全文",
        change_note="面积上限调整",
        rules={"area_cap_m2": "500"},
    )
    assert rules.value("area_cap_m2", date(2019, 12, 31)) == Decimal("350")  # before any policy
    assert rules.value("area_cap_m2", date(2022, 12, 31)) == Decimal("400")
    assert rules.value("area_cap_m2", date(2023, 1, 1)) == Decimal("500")
    assert rules.value("area_cap_m2") == Decimal("500")
    assert rules.source("area_cap_m2", date(2021, 6, 1)).number == 1
    assert rules.source("area_cap_m2").number == 2 and rules.source("area_cap_m2").policy == policy


def test_a_new_version_ends_the_previous_one_the_day_before_and_with_it_the_rules_it_alone_set(admin):
    policy = _policy(admin)
    services.add_version(
        actor=admin,
        policy=policy,
        effective_from=date(2023, 1, 1),
        text="全文",
        change_note="只改面积",
        rules={"area_cap_m2": "500"},
    )
    first = policy.versions.get(number=1)
    assert first.effective_to == date(2022, 12, 31)
    assert set(PolicyRule.objects.filter(version=first).values_list("effective_to", flat=True)) == {
        date(2022, 12, 31)
    }
    # The second version does not set 公示 days: from its date the default applies again.
    assert rules.value("publicity_working_days", date(2022, 6, 1)) == 7
    assert rules.value("publicity_working_days", date(2023, 6, 1)) == 5


def test_day_counts_are_whole_numbers_and_amounts_decimals(admin):
    _policy(admin, rules={"publicity_working_days": "7", "fee_over_area_yuan_per_m2": "6.5"})
    assert rules.value("publicity_working_days") == 7 and isinstance(
        rules.value("publicity_working_days"), int
    )
    assert rules.value("fee_over_area_yuan_per_m2") == Decimal("6.50")


def test_repealing_a_policy_ends_its_rules_on_the_repeal_date(admin):
    policy = _policy(admin)
    services.edit_policy(
        actor=admin,
        policy=policy,
        title=policy.title,
        number=policy.number,
        issuer=policy.issuer,
        level="district",
        category="approval",
        status="repealed",
        repealed_on=date(2024, 6, 30),
    )
    assert rules.value("area_cap_m2", date(2024, 6, 30)) == Decimal("400")
    assert rules.value("area_cap_m2", date(2024, 7, 1)) == Decimal("350")
    with pytest.raises(ValidationError) as err:
        services.add_version(
            actor=admin, policy=policy, effective_from=date(2025, 1, 1), text="x", change_note="y"
        )
    assert "已废止" in str(err.value)


def test_value_is_one_query(admin, django_assert_num_queries):
    _policy(admin)
    with django_assert_num_queries(1):
        rules.value("area_cap_m2")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("area_cap_m2", "30", "“每户宅基地面积上限”应在 50–2000 m²之间"),
        ("area_cap_m2", "abc", "“每户宅基地面积上限”应为数字"),
        ("fee_over_area_yuan_per_m2", "-1", "“超占面积有偿使用费”应在 0–1000"),
        ("publicity_working_days", "31", "“公示期”应在 1–30 个工作日之间"),
        ("publicity_working_days", "2.5", "“公示期”应为整数"),
    ],
)
def test_rule_values_out_of_bounds_are_refused_and_nothing_is_written(admin, key, value, message):
    with pytest.raises(ValidationError) as err:
        _policy(admin, rules={key: value})
    assert message in " ".join(err.value.message_dict[f"rule_{key}"])
    assert not Policy.objects.exists() and not PolicyVersion.objects.exists()


def test_versions_must_follow_each_other_and_end_after_they_start(admin):
    policy = _policy(admin)
    with pytest.raises(ValidationError) as err:
        services.add_version(
            actor=admin, policy=policy, effective_from=date(2020, 1, 1), text="x", change_note="y"
        )
    assert "施行日期应晚于第1版的施行日期（2020-01-01）" in err.value.message_dict["effective_from"]
    with pytest.raises(ValidationError) as err:
        services.add_version(
            actor=admin,
            policy=policy,
            effective_from=date(2024, 1, 1),
            effective_to=date(2023, 1, 1),
            text="x",
            change_note="y",
        )
    assert "失效日期不能早于施行日期" in err.value.message_dict["effective_to"]
    assert policy.versions.count() == 1


def test_only_the_district_writes_policies(district, admin):
    street = actor_for(factories.user("street_admin", district["street_a"]))
    with pytest.raises(Http404):
        _policy(street)
    policy = _policy(admin)
    with pytest.raises(Http404):
        services.add_version(
            actor=street, policy=policy, effective_from=date(2024, 1, 1), text="x", change_note="y"
        )


def test_adding_a_policy_and_a_version_is_audited(admin):
    policy = _policy(admin)
    services.add_version(
        actor=admin,
        policy=policy,
        effective_from=date(2023, 1, 1),
        text="x",
        change_note="调整",
        rules={"area_cap_m2": "500"},
    )
    events = AuditEvent.objects.filter(object_type="homestead.policy", object_id=str(policy.pk)).order_by(
        "seq"
    )
    assert [e.action for e in events] == ["homestead.policy.add", "homestead.policy.version"]
    assert events[1].changes["rules"] == {"area_cap_m2": "500.00"} and events[1].changes["superseded"] == [1]


def test_district_policies_are_read_below_the_district_and_not_in_another_county(client, district, admin):
    mine = _policy(admin)
    other_county = factories.unit("210112000000", "浑南区")
    theirs = factories.policy(other_county, title="浑南区办法")
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    body = client.get("/homestead/policies/").content.decode()
    assert mine.title in body and theirs.title not in body
    assert client.get(f"/homestead/policies/{mine.pk}/").status_code == 200
    assert client.get(f"/homestead/policies/{theirs.pk}/").status_code == 404
    assert client.get(f"/homestead/policies/{mine.pk}/versions/new/").status_code == 404


def test_policy_register_filters(client, district, admin):
    _policy(admin)
    factories.policy(district["county"], title="有偿使用办法", category="paid_use", level="city")
    client.force_login(admin.user)
    body = client.get("/homestead/policies/?category=paid_use").content.decode()
    assert "有偿使用办法" in body and "审批管理办法" not in body
    body = client.get("/homestead/policies/?q=15号").content.decode()
    assert "审批管理办法" in body and "有偿使用办法" not in body


def test_rules_page_names_the_policy_or_says_default(client, admin):
    client.force_login(admin.user)
    assert client.get("/homestead/policies/rules/").content.decode().count("默认值（未由政策设定）") == len(
        rules.RULES
    )
    _policy(admin)
    body = client.get("/homestead/policies/rules/").content.decode()
    assert "沈北新区农村宅基地审批管理办法" in body and "400.00 m²" in body
    assert body.count("默认值（未由政策设定）") == len(rules.RULES) - 2


def test_the_form_rejects_a_bad_cap_in_chinese_and_writes_nothing(client, admin):
    client.force_login(admin.user)
    response = client.post(
        "/homestead/policies/new/",
        {
            "title": "办法",
            "issuer": "区政府",
            "level": "district",
            "category": "approval",
            "effective_from": "2024-01-01",
            "text": "全文",
            "rule_area_cap_m2": "30",
        },
    )
    assert response.status_code == 400
    assert "“每户宅基地面积上限”应在 50–2000 m²之间" in response.content.decode()
    response = client.post("/homestead/policies/new/", {"title": "", "level": "x", "effective_from": "明天"})
    body = response.content.decode()
    assert "标题：请填写标题" in body and "施行日期：施行日期应为日期" in body and "层级：" in body
    assert not Policy.objects.exists()


def test_a_version_with_its_document_through_the_form(client, admin):
    policy = _policy(admin)
    client.force_login(admin.user)
    response = client.post(
        f"/homestead/policies/{policy.pk}/versions/new/",
        {
            "effective_from": "2025-03-01",
            "text": "第二版全文",
            "change_note": "提高上限",
            "rule_area_cap_m2": "450",
            "attachment": SimpleUploadedFile("办法.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    version = policy.versions.get(number=2)
    assert version.attachment_id and rules.value("area_cap_m2") == Decimal("450")
    body = client.get(f"/homestead/policies/{policy.pk}/").content.decode()
    assert "第2版" in body and "提高上限" in body and "办法.pdf" in body
    download = client.get(f"/homestead/policies/files/{version.attachment_id}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_the_new_version_form_starts_from_the_rules_the_last_version_set(client, admin):
    policy = _policy(admin)
    client.force_login(admin.user)
    form = client.get(f"/homestead/policies/{policy.pk}/versions/new/").context["form"]
    set_before = {r.key: r.value for r in PolicyRule.objects.filter(version__policy=policy)}
    assert set_before, "the fixture's policy sets at least one rule"
    for key, value in set_before.items():
        assert Decimal(form.initial[f"rule_{key}"]) == value
