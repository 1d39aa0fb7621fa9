"""积分细则: the default schemes, versions and their lock, a village's allowance, the book in force."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from zhenxing.core.models import AuditEvent
from zhenxing.orgs.access import actor_for
from zhenxing.people.choices import PARTY_CLASSES
from zhenxing.points.rules import selectors as sel
from zhenxing.points.rules import services
from zhenxing.points.rules.models import Category, RuleBook, RuleItem, Scheme
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

def today():  # asked at each use: a run that crosses midnight (local time) must not post yesterday's tomorrow
    return timezone.localdate()


def tomorrow():
    return today() + timedelta(days=1)


@pytest.fixture
def units():
    return factories.district()


@pytest.fixture
def admin(units):
    return actor_for(factories.user("district_admin", units["county"]))


@pytest.fixture
def secretary(units):
    return actor_for(factories.user("village_secretary", units["village_a1"]))


@pytest.fixture
def scheme(units):
    return factories.point_scheme(units["county"])


@pytest.fixture
def district_book(scheme, units):
    book = factories.rule_book(scheme, units["county"], effective_from=date(2024, 1, 1),
                               bases={"": 60, "elderly_infirm": 70})
    factories.rule_item(book, code="P201", name="三会一课出勤", points=2)  # 1–3, cap 8 a month
    factories.rule_item(book, code="P504", name="受到党纪处分", points=-30,
                        category=scheme.categories.get(code="deduct"),
                        evidence_required=True)  # fixed, no range
    return book


# --- Defaults -----------------------------------------------------------------------------------------

def test_the_default_schemes_ship_configured(units):
    created = services.ensure_default_schemes(units["county"])

    assert sorted(created["schemes"]) == ["household", "party"]
    party, household = Scheme.objects.get(code="party"), Scheme.objects.get(code="household")
    assert (party.subject, party.floor, party.year_end, party.spendable) == ("member", 0, "reset", False)
    assert (household.subject, household.year_end, household.spendable) == ("household", "carry", True)
    colours = list(household.categories.values_list("name", "colour"))
    assert [n for n, _ in colours] == ["党建引领", "孝老爱亲", "产业致富", "人居环境", "平安法治", "志愿服务",
                                       "乡风文明"]
    assert colours[0] == ("党建引领", "#d7191c")
    assert all(c.startswith("#") and len(c) == 7 for _, c in colours)
    book = RuleBook.objects.get(scheme=party)
    assert book.bases[""] == 60 and book.bases["elderly_infirm"] == 70
    assert set(book.bases) == {"", *(k for k, _ in PARTY_CLASSES)}
    sources = dict(book.items.exclude(source="").values_list("source", "name"))
    assert sources == {"attendance": "三会一课出勤", "mission": "急难险重任务", "volunteer": "志愿服务每小时"}
    assert book.items.get(source="volunteer").unit == "hour"
    assert book.items.filter(points__lt=0).count() >= 3
    for category in household.categories.all():
        assert 2 <= category.items.count() <= 4, category.name
    assert not RuleItem.objects.filter(book__scheme=household, points__gt=0, cap__isnull=True).exists()
    assert sel.book_in_force(party, units["village_a1"], today()) == book


def test_the_defaults_are_idempotent_and_audited(units):
    services.ensure_default_schemes(units["county"])
    counts = (Scheme.objects.count(), Category.objects.count(), RuleBook.objects.count(),
              RuleItem.objects.count())
    events = AuditEvent.objects.filter(action="points.rules.defaults").count()

    again = services.ensure_default_schemes(units["county"])
    call_command("points_defaults", units["county"].code)

    assert again == {"schemes": [], "categories": 0, "books": 0, "items": 0}
    assert counts == (Scheme.objects.count(), Category.objects.count(), RuleBook.objects.count(),
                      RuleItem.objects.count())
    assert AuditEvent.objects.filter(action="points.rules.defaults").count() == events == 1


def test_defaults_belong_to_a_county(units, admin):
    with pytest.raises(ValidationError, match="不是区县"):
        services.ensure_default_schemes(units["street_a"], actor=admin)
    secretary = actor_for(factories.user("village_secretary", units["village_a1"]))
    with pytest.raises(Http404):
        services.ensure_default_schemes(units["county"], actor=secretary)
    assert not Scheme.objects.exists()


# --- Versions -----------------------------------------------------------------------------------------

def test_a_new_district_version_copies_the_previous_and_is_a_draft_until_its_day(admin, scheme, units,
                                                                                 district_book):
    book = services.create_version(actor=admin, scheme=scheme, unit=units["county"],
                                   effective_from=tomorrow())

    assert book.version == 2 and book.bases == district_book.bases
    assert sorted(book.items.values_list("code", "points")) == [("P201", 2), ("P504", -30)]
    item = book.items.get(code="P201")
    services.save_item(actor=admin, book=book, item=item, fields={"points": 3, "max_points": 4})
    assert district_book.items.get(code="P201").points == 2  # the published version is untouched
    assert sel.book_in_force(scheme, units["village_a1"], today()) == district_book
    assert sel.book_in_force(scheme, units["village_a1"], tomorrow()) == book
    assert AuditEvent.objects.filter(action="points.rules.item.change", object_id=str(item.pk)).exists()


def test_a_published_version_is_locked(admin, scheme, units, district_book):
    item = district_book.items.get(code="P201")
    with pytest.raises(ValidationError, match="已于2024-01-01生效，不能修改"):
        services.save_item(actor=admin, book=district_book, item=item, fields={"points": 3})
    with pytest.raises(ValidationError, match="不能修改"):
        services.remove_item(actor=admin, item=item)
    with pytest.raises(ValidationError, match="不能修改"):
        services.update_book(actor=admin, book=district_book, title="改", effective_from=tomorrow())
    assert district_book.items.get(code="P201").points == 2


def test_one_draft_at_a_time_and_only_in_the_future(admin, scheme, units, district_book):
    with pytest.raises(ValidationError) as err:
        services.create_version(actor=admin, scheme=scheme, unit=units["county"], effective_from=today())
    assert "生效日期须晚于今天" in err.value.message_dict["effective_from"][0]
    services.create_version(actor=admin, scheme=scheme, unit=units["county"],
                                   effective_from=tomorrow())
    with pytest.raises(ValidationError, match="尚未生效的"):
        services.create_version(actor=admin, scheme=scheme, unit=units["county"],
                                effective_from=tomorrow() + timedelta(days=30))


def test_district_item_checks_name_the_field(admin, scheme, units, district_book):
    book = services.create_version(actor=admin, scheme=scheme, unit=units["county"],
                                   effective_from=tomorrow())
    study = scheme.categories.get(code="study")
    good = {"code": "P105", "name": "读书班", "category": study, "points": 2, "min_points": 1,
            "max_points": 3, "unit": "time", "cap": 4, "cap_period": "month", "proposers": ["grid_worker"],
            "approvers": ["village_secretary"]}
    cases = [
        ({"points": 0}, "points", "分值不能为 0"),
        ({"min_points": 3, "max_points": 5}, "min_points", "须包含分值 2"),
        ({"min_points": 1, "max_points": None}, "min_points", "同时填写"),
        ({"code": "P201"}, "code", "已有编号为“P201”"),
        ({"cap": None}, "cap", "请填写周期上限"),
        ({"cap_period": ""}, "cap_period", "请选择上限周期"),
        ({"approvers": ["grid_worker"]}, "approvers", "网格员"),
        ({"proposers": []}, "proposers", "请至少选择"),
        ({"category": Category.objects.create(scheme=factories.point_scheme(units["county"], code="x"),
                                              code="c", name="他方案")}, "category", "本方案"),
    ]
    for change, field, text in cases:
        with pytest.raises(ValidationError) as err:
            services.save_item(actor=admin, book=book, fields={**good, **change})
        assert text in " ".join(err.value.message_dict[field]), (change, err.value.message_dict)
    item = services.save_item(actor=admin, book=book, fields=good)
    assert (item.code, item.cap, item.proposers) == ("P105", 4, ["grid_worker"])


# --- A village's own version --------------------------------------------------------------------------

def test_a_village_version_adopts_the_district_items_within_their_range(secretary, scheme, units,
                                                                        district_book):
    book = services.create_version(actor=secretary, scheme=scheme, unit=units["village_a1"],
                                   effective_from=tomorrow())
    items = {i.code: i for i in book.items.select_related("based_on")}
    assert set(items) == {"P201", "P504"} and items["P201"].based_on == district_book.items.get(code="P201")
    assert book.bases == district_book.bases

    saved = services.save_item(actor=secretary, book=book, item=items["P201"], fields={"points": 3, "cap": 6})
    assert (saved.points, saved.cap, saved.cap_period) == (3, 6, "month")
    assert sel.book_in_force(scheme, units["grid_a1"], tomorrow()) == book  # the village's grids follow it
    assert sel.book_in_force(scheme, units["village_a2"], tomorrow()) == district_book


@pytest.mark.parametrize(("code", "fields", "field", "text"), [
    ("P201", {"points": 5}, "points", "“P201 三会一课出勤”的分值应在区级规定的 1–3 之间，不能为 5"),
    ("P201", {"points": 0}, "points", "1–3 之间"),
    ("P201", {"cap": 9}, "cap", "“P201 三会一课出勤”的周期上限不得高于区级的每月 8 分，不能为 9"),
    ("P201", {"cap": None}, "cap", "不能不设上限"),
    ("P504", {"points": -20}, "points", "“P504 受到党纪处分”的分值由区级统一规定为 -30"),
    ("P504", {"evidence_required": False}, "evidence_required",
     "“P504 受到党纪处分”区级要求佐证材料，村级不能取消"),
    ("P201", {"approvers": ["village_secretary", "village_cadre"]}, "approvers",
     "“P201 三会一课出勤”的审核角色只能从区级规定的村党组织书记中选择"),
])
def test_a_village_value_outside_the_district_allowance_is_refused(secretary, scheme, units, district_book,
                                                                   code, fields, field, text):
    book = services.create_version(actor=secretary, scheme=scheme, unit=units["village_a1"],
                                   effective_from=tomorrow())
    item = book.items.get(code=code)
    with pytest.raises(ValidationError) as err:
        services.save_item(actor=secretary, book=book, item=item, fields=fields)
    assert text in " ".join(err.value.message_dict[field])
    item.refresh_from_db()
    assert item.points == district_book.items.get(code=code).points


def test_a_village_adds_only_items_of_the_district_book_above_it(secretary, admin, scheme, units,
                                                                 district_book):
    book = services.create_version(actor=secretary, scheme=scheme, unit=units["village_a1"],
                                   effective_from=tomorrow())
    attendance = book.items.get(code="P201")
    services.remove_item(actor=secretary, item=attendance)
    district_item = district_book.items.get(code="P201")
    with pytest.raises(ValidationError, match="请选择依据的区级条目"):
        services.save_item(actor=secretary, book=book, fields={"points": 2})
    other_book = factories.rule_book(factories.point_scheme(units["county"], code="other"), units["county"])
    foreign = factories.rule_item(other_book, code="Z1")
    with pytest.raises(ValidationError, match="不是上级现行细则中的条目"):
        services.save_item(actor=secretary, book=book, fields={"based_on": foreign, "points": 2})
    added = services.save_item(actor=secretary, book=book, fields={"based_on": district_item, "points": 1})
    assert (added.code, added.name, added.category_id, added.points, added.cap) == (
        "P201", "三会一课出勤", district_item.category_id, 1, 8)
    with pytest.raises(ValidationError, match="已采用"):
        services.save_item(actor=secretary, book=book, fields={"based_on": district_item, "points": 1})


def test_a_village_secretary_keeps_only_its_own_village(secretary, scheme, units, district_book):
    with pytest.raises(Http404):
        services.create_version(actor=secretary, scheme=scheme, unit=units["village_a2"],
                                effective_from=tomorrow())
    with pytest.raises(Http404):
        services.create_version(actor=secretary, scheme=scheme, unit=units["county"],
                                   effective_from=tomorrow())
    draft = factories.rule_book(scheme, units["county"], effective_from=tomorrow())
    with pytest.raises(Http404):
        services.save_item(actor=secretary, book=draft, fields={"points": 1})


def test_a_village_bases_follow_the_district(secretary, scheme, units, district_book):
    book = services.create_version(actor=secretary, scheme=scheme, unit=units["village_a1"],
                                   effective_from=tomorrow())
    with pytest.raises(ValidationError, match="基础分沿用区级"):
        services.update_book(actor=secretary, book=book, title=book.title, effective_from=tomorrow(),
                             bases={"": 80})
    services.update_book(actor=secretary, book=book, title="A街1村党员积分细则（修订）",
                         effective_from=tomorrow() + timedelta(days=3), note="2026年村民代表会议通过")
    book.refresh_from_db()
    assert book.title == "A街1村党员积分细则（修订）" and book.bases == district_book.bases


def test_the_next_village_version_keeps_its_adjustments_on_the_new_district_version(
        secretary, admin, scheme, units, district_book):
    first = services.create_version(actor=secretary, scheme=scheme, unit=units["village_a1"],
                                    effective_from=tomorrow())
    services.save_item(actor=secretary, book=first, item=first.items.get(code="P201"), fields={"points": 3})
    services.remove_item(actor=secretary, item=first.items.get(code="P504"))
    RuleBook.objects.filter(pk=first.pk).update(effective_from=today())  # the day has come
    later = today() + timedelta(days=10)
    district_v2 = services.create_version(actor=admin, scheme=scheme, unit=units["county"],
                                          effective_from=later)
    services.save_item(actor=admin, book=district_v2, item=district_v2.items.get(code="P201"),
                       fields={"points": 2, "min_points": 1, "max_points": 2})
    RuleBook.objects.filter(pk=district_v2.pk).update(effective_from=today())

    RuleBook.objects.filter(pk=district_v2.pk).update(bases={"": 62})
    second = services.create_version(actor=secretary, scheme=scheme, unit=units["village_a1"],
                                     effective_from=later)
    assert second.bases == {"": 62}  # a village's bases follow the district's

    items = {i.code: i for i in second.items.select_related("based_on")}
    assert set(items) == {"P201"}  # the village had left P504 out
    assert items["P201"].based_on.book_id == district_v2.pk and items["P201"].points == 2  # clamped to 1–2


# --- Selectors ----------------------------------------------------------------------------------------

def test_the_book_in_force_follows_the_date_and_the_tree(scheme, units, district_book):
    village = units["village_a1"]
    street = factories.rule_book(scheme, units["street_a"], effective_from=date(2024, 6, 1))
    v1 = factories.rule_book(scheme, village, effective_from=date(2025, 1, 1), bases={"": 65})
    v2 = factories.rule_book(scheme, village, effective_from=date(2025, 7, 1), bases={"": 66})
    draft = factories.rule_book(scheme, village, effective_from=tomorrow())

    assert sel.book_in_force(scheme, village, date(2023, 12, 31)) is None
    assert sel.book_in_force(scheme, village, date(2024, 3, 1)) == district_book
    assert sel.book_in_force(scheme, village, date(2024, 6, 1)) == street
    assert sel.book_in_force(scheme, village, date(2025, 1, 1)) == v1
    assert sel.book_in_force(scheme, units["grid_a1"], date(2025, 8, 1)) == v2
    assert sel.book_in_force(scheme, village, today()) == v2 != draft
    assert sel.book_in_force(scheme, village, tomorrow()) == draft
    assert sel.book_in_force(scheme, units["village_a2"], today()) == street
    assert sel.book_in_force(scheme, units["village_b1"], today()) == district_book


def test_items_and_bases_in_force(scheme, units, district_book):
    member = factories.party_member(
        factories.person(factories.household(units["village_a1"]), name="赵老"), factories.branch(
            units["village_a1"]), classification="elderly_infirm")
    young = factories.party_member(factories.person(factories.household(units["village_a1"]), name="钱青"),
                                   factories.branch(units["village_a1"]), classification="mobile")
    on = date(2024, 5, 1)

    assert [i.code for i in sel.items_in_force(scheme, units["village_a1"], on)] == ["P201", "P504"]
    assert sel.items_in_force(scheme, units["village_a1"], date(2023, 1, 1)) == []
    assert sel.base_points(scheme, member, units["village_a1"], on) == 70
    assert sel.base_points(scheme, young, units["village_a1"], on) == 60  # the "" default
    assert sel.base_points(scheme, None, units["village_a1"], on) == 60
    assert sel.base_points(scheme, None, units["village_a1"], date(2023, 1, 1)) == 0


def test_schemes_are_seen_within_their_district(scheme, units):
    other = factories.unit("210112000000", "浑南区")
    foreign = factories.point_scheme(other, code="hn")
    inside = actor_for(factories.user("grid_worker", units["grid_a1"]))
    villager = actor_for(factories.user("villager", units["village_a1"]))
    outsider = actor_for(factories.user("district_admin", other))

    assert list(sel.schemes(inside)) == [scheme]
    assert list(sel.schemes(villager)) == [scheme]
    assert list(sel.schemes(outsider)) == [foreign]
    Scheme.objects.filter(pk=scheme.pk).update(active=False)
    assert list(sel.schemes(inside)) == []


def test_the_demo_district_starts_with_both_schemes():
    from zhenxing.demo import generate
    from zhenxing.orgs.models import OrgUnit

    counts = generate.load_demo(seed=5, scale=0.02)

    assert counts["point_schemes"] == 2 and counts["point_items"] > 30
    village = OrgUnit.objects.filter(level="village").first()
    party = Scheme.objects.get(code="party")
    assert sel.book_in_force(party, village, today()).org_unit.level == "county"
    assert len(sel.items_in_force(Scheme.objects.get(code="household"), village, today())) >= 14


def test_categories_are_configuration_of_the_district(admin, secretary, scheme):
    red = services.save_category(actor=admin, scheme=scheme, code="red", name="党建引领", colour="#D7191C")
    assert (red.colour, red.order) == ("#d7191c", 3)
    renamed = services.save_category(actor=admin, scheme=scheme, category=red, code="other", name="红色引领",
                                     colour="#c00000")
    assert (renamed.code, renamed.name) == ("red", "红色引领")  # the code ledger entries carry stays
    for fields, field, text in [
        ({"code": "Red", "name": "甲"}, "code", "小写英文字母"),
        ({"code": "study", "name": "甲"}, "code", "已有代码为“study”"),
        ({"code": "x", "name": ""}, "name", "请填写类别名称"),
        ({"code": "x", "name": "政治学习"}, "name", "已有名为“政治学习”"),
        ({"code": "x", "name": "甲", "colour": "red"}, "colour", "#RRGGBB"),
    ]:
        with pytest.raises(ValidationError) as err:
            services.save_category(actor=admin, scheme=scheme, **fields)
        assert text in " ".join(err.value.message_dict[field])
    with pytest.raises(Http404):
        services.save_category(actor=secretary, scheme=scheme, code="y", name="村里的")


def test_the_data_migration_configures_a_single_existing_district(units):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("zhenxing.points.migrations.0002_rules")
    migration.forwards(apps, None)
    assert set(Scheme.objects.values_list("code", "org_unit")) == {("party", units["county"].pk),
                                                                   ("household", units["county"].pk)}
    before = RuleItem.objects.count()
    migration.forwards(apps, None)
    assert RuleItem.objects.count() == before


def test_the_data_migration_leaves_several_districts_to_the_command(units):
    import importlib

    from django.apps import apps

    factories.unit("210112000000", "浑南区")
    importlib.import_module("zhenxing.points.migrations.0002_rules").forwards(apps, None)
    assert not Scheme.objects.exists()


def test_each_county_keeps_its_own_default_schemes(units):
    other = factories.unit("210112000000", "浑南区")
    services.ensure_default_schemes(units["county"])
    services.ensure_default_schemes(other)
    assert Scheme.objects.filter(code="party").count() == 2
    assert set(Scheme.objects.filter(org_unit=other).values_list("code", flat=True)) == {"party", "household"}
