"""The dispatch catalogue per county: each county keeps its own entries (names unique within it), the
shared ones (no county) are kept above the counties, a case is dispatched and reported only by its
county's entries and the shared ones, the hotline import looks names up in the order's county."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import DispatchCategory
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    other = factories.unit("210112000000", "浑南区")
    other_village = factories.unit("210112001201", "浑南1村")
    water = factories.department(district["county"], "水务局")
    their_water = factories.department(other, "水务局")
    city_dept = factories.department(district["city"], "市供电公司")
    return {
        **district, "other": other, "other_village": other_village, "water": water,
        "their_water": their_water, "city_dept": city_dept,
        "ours": factories.dispatch_category(water, name="供水管道破裂", county=district["county"]),
        "theirs": factories.dispatch_category(their_water, name="河道清淤", county=other),
        "shared": factories.dispatch_category(city_dept, name="停电抢修"),
        "admin": actor_for(factories.user("district_admin", district["county"])),
        "street": actor_for(factories.user("street_admin", district["street_a"])),
        "their_admin": actor_for(factories.user("district_admin", other)),
        "city": actor_for(factories.user("district_admin", district["city"])),
        "village": actor_for(factories.user("village_secretary", district["village_a1"])),
        "grid": actor_for(factories.user("grid_worker", district["grid_a1"])),
    }


def save(w, actor, **values):
    args = {"county": w["county"], "name": "道路积水", "urgency": "general", "departments": [w["water"]]}
    args.update(values)
    return services.save_category(actor=actor, **args)


def test_each_county_sees_its_own_entries_and_the_shared_ones(w):
    assert set(services.catalogue(w["street"])) == {w["ours"], w["shared"]}
    assert set(services.catalogue(w["their_admin"])) == {w["theirs"], w["shared"]}
    assert set(services.catalogue(w["city"])) == {w["ours"], w["theirs"], w["shared"]}
    assert set(services.catalogue_at(w["grid_a1"].path)) == {w["ours"], w["shared"]}


def test_a_name_is_unique_within_a_county_but_not_across_counties(w):
    mine = save(w, w["street"])
    assert mine.county == w["county"]
    with pytest.raises(ValidationError, match="已存在"):
        save(w, w["admin"])
    theirs = save(w, w["their_admin"], county=w["other"], departments=[w["their_water"]])
    assert theirs.name == mine.name and theirs.county == w["other"]
    with pytest.raises(ValidationError, match="各区县共用"):  # the county would list the name twice
        save(w, w["street"], name="停电抢修")
    assert DispatchCategory.objects.filter(name="道路积水").count() == 2


def test_a_county_entry_names_only_its_own_or_higher_departments(w):
    with pytest.raises(ValidationError) as exc:
        save(w, w["street"], departments=[w["their_water"]])
    assert "沈北新区" in exc.value.message_dict["departments"][0]
    assert save(w, w["street"], departments=[w["water"], w["city_dept"]]).departments.count() == 2


def test_a_county_keeps_only_its_own_entries_and_the_city_keeps_the_shared_ones(w):
    with pytest.raises(Http404):
        save(w, w["their_admin"], category=w["ours"], name="改名")
    with pytest.raises(Http404):
        save(w, w["admin"], category=w["shared"], name="改名")
    with pytest.raises(ValidationError) as exc:  # a new shared entry, or another county's, is not theirs
        save(w, w["admin"], county=None, name="森林防火")
    assert "county" in exc.value.message_dict
    with pytest.raises(ValidationError):
        save(w, w["admin"], county=w["other"], name="森林防火")
    changed = save(w, w["city"], category=w["shared"], county=None, name="停电抢修（市级）",
                   departments=[w["city_dept"]])
    assert changed.county is None and changed.name == "停电抢修（市级）"
    assert save(w, w["city"], county=None, name="森林防火", departments=[w["water"]]).county is None
    with pytest.raises(ValidationError, match="已存在"):  # a shared name must be free in every county
        save(w, w["city"], county=None, name="河道清淤", departments=[w["water"]])


def test_dispatch_takes_only_the_cases_county_entries_or_shared_ones(w):
    case = services.report(actor=w["grid"], place=w["grid_a1"], source="grid", description="河道淤积")
    services.act(actor=w["village"], case=case, transition="whistle", comment="报街道")
    with pytest.raises(ValidationError, match="请从列表中选择事项类别"):
        services.act(actor=w["street"], case=case, transition="dispatch",
                     data={"category": str(w["theirs"].pk), "lead_department": str(w["water"].pk)})
    services.act(actor=w["street"], case=case, transition="dispatch",
                 data={"category": str(w["shared"].pk), "lead_department": str(w["water"].pk)})
    assert case.state == "dispatched" and case.category == w["shared"]


def test_a_report_may_not_take_another_countys_entry(w):
    with pytest.raises(ValidationError) as exc:
        services.report(actor=w["grid"], place=w["grid_a1"], source="grid", description="x",
                        category=w["theirs"])
    assert "本区县" in exc.value.message_dict["category"][0]
    ok = services.report(actor=w["grid"], place=w["grid_a1"], source="grid", description="x",
                         category=w["ours"])
    assert ok.category == w["ours"]


def test_the_catalogue_page_lists_own_and_shared_entries_and_links_only_those_it_keeps(w, client):
    client.force_login(w["street"].user)
    page = client.get(reverse("governance:categories")).content.decode()
    assert "供水管道破裂" in page and "停电抢修" in page and "河道清淤" not in page
    assert reverse("governance:category_edit", args=[w["ours"].pk]) in page
    assert reverse("governance:category_edit", args=[w["shared"].pk]) not in page and "（只读）" in page
    assert client.get(reverse("governance:category_edit", args=[w["shared"].pk])).status_code == 404
    assert client.get(reverse("governance:category_edit", args=[w["theirs"].pk])).status_code == 404
    form = client.get(reverse("governance:category_new")).content.decode()
    assert "各区县共用" not in form and "浑南区" not in form and "市供电公司" in form
    created = client.post(reverse("governance:category_new"), {
        "county": str(w["county"].pk), "name": "路灯不亮", "urgency": "general",
        "departments": [str(w["water"].pk)], "active": "on"})
    assert created.status_code == 302
    assert DispatchCategory.objects.get(name="路灯不亮").county == w["county"]
    refused = client.post(reverse("governance:category_new"), {
        "county": str(w["other"].pk), "name": "x", "urgency": "general", "departments": [str(w["water"].pk)]})
    assert refused.status_code == 400 and "所属区县" in refused.content.decode()
    again = client.post(reverse("governance:category_new"), {  # the service refuses: a message, not a 500
        "county": str(w["county"].pk), "name": "路灯不亮", "urgency": "general",
        "departments": [str(w["water"].pk)], "active": "on"})
    assert again.status_code == 400 and "路灯不亮" in again.content.decode()


def test_the_case_page_offers_the_county_and_shared_entries_only(w, client):
    case = factories.case(w["village_a1"], state="whistled")
    client.force_login(w["street"].user)
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert "供水管道破裂" in page and "停电抢修" in page and "河道清淤" not in page


def test_the_migration_gives_the_old_entries_to_the_only_county(district):
    migration = importlib.import_module("zhenxing.governance.migrations.0007_case_feedback_county_catalogue")
    water = factories.department(district["county"], "水务局")
    old = factories.dispatch_category(water, name="供水管道破裂")
    migration.entries_to_the_only_county(apps, None)
    old.refresh_from_db()
    assert old.county == district["county"]
    factories.unit("210112000000", "浑南区")  # with two counties the entries stay shared
    orphan = factories.dispatch_category(water, name="道路积水")
    migration.entries_to_the_only_county(apps, None)
    orphan.refresh_from_db()
    assert orphan.county is None


def test_the_hotline_import_looks_a_name_up_in_the_orders_county(w, tmp_path):
    from zhenxing.core import imports
    from zhenxing.governance.cases.models import Case
    from zhenxing.governance.cases.tests.test_hotline_import import workbook

    same_name_there = factories.dispatch_category(w["their_water"], name="供水管道破裂", county=w["other"])
    admin = w["street"]
    bad = workbook(tmp_path / "bad.xlsx", [
        ["SY1", "2024-05-06", "", "", w["village_a1"].code, "", "河道清淤", "别的区县的事项"]])
    result = imports.run(imports.specs["hotline_cases"], bad, actor=admin, scope_path=w["street_a"].path)
    assert [(e["row"], e["column"]) for e in result.errors.items] == [(2, "事项类别")]
    good = workbook(tmp_path / "good.xlsx", [
        ["SY1", "2024-05-06", "", "", w["village_a1"].code, "", "供水管道破裂", "水管破裂"],
        ["SY2", "2024-05-06", "", "", w["village_a1"].code, "", "停电抢修", "停电"]])
    assert imports.run(imports.specs["hotline_cases"], good, actor=admin,
                       scope_path=w["street_a"].path).written == 2
    assert Case.objects.get(hotline_number="SY1").category == w["ours"] != same_name_there
    assert Case.objects.get(hotline_number="SY2").category == w["shared"]
