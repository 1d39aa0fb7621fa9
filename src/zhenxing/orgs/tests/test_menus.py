"""Menus that fit the role: no entry whose page is always empty for it, no staff-only link for a villager,
and a case page that leads back only to the lists the reader has."""

from datetime import date

import pytest
from django.urls import reverse

from zhenxing.orgs import access, context
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

# Pages of records kept at a village or above: a grid worker reading its grid never sees one.
VILLAGE_PAGES = {"宅基地", "评理说事", "党员队伍"}
VILLAGE_TABS = {"一张图", "基础信息", "申请审批", "流转", "有偿使用", "自愿有偿退出", "闲置盘活", "执法监管"}


def labels(response, key="nav"):
    return [entry[0] if key == "nav" else entry[1] for entry in response.context[key]]


def test_a_grid_worker_is_not_offered_the_village_records(client, district):
    client.force_login(factories.user("grid_worker", district["grid_a1"]))
    nav = labels(client.get(reverse("people:persons")))
    assert not VILLAGE_PAGES & set(nav)
    # What a grid holds stays: its people and households, visits, points claims, its reports.
    assert {"人员台账", "户籍台账", "党员", "入户走访", "积分管理", "吹哨报到"} <= set(nav)
    homestead = labels(client.get(reverse("homestead:eligibility")), "section_tabs")
    assert "资格权" in homestead and not VILLAGE_TABS & set(homestead)
    points = labels(client.get(reverse("points:claims")), "section_tabs")
    assert "积分申报" in points and "积分超市" not in points


@pytest.mark.parametrize("role, place", [("village_cadre", "village_a1"), ("street_reviewer", "street_a")])
def test_a_village_or_street_keeps_them(client, district, role, place):
    client.force_login(factories.user(role, district[place]))
    assert VILLAGE_PAGES <= set(labels(client.get(reverse("people:persons"))))
    tabs = labels(client.get(reverse("homestead:parcels")), "section_tabs")
    assert VILLAGE_TABS <= set(tabs)


def test_over_a_village_is_held_at_a_village_and_above_not_below(district):
    over = context.Over(access.VIEW_PEOPLE)
    for place, held in (("county", True), ("street_a", True), ("village_a1", True), ("grid_a1", False),
                        ("group_a1", False)):
        actor = access.actor_for(factories.user("village_cadre", district[place]))
        assert over.held_by(actor) is held, place
    assert not context.Over(access.MANAGE_TEAMS).held_by(access.actor_for(
        factories.user("village_cadre", district["village_a1"])))  # a cadre does not hold it at all


def villager(district):
    home = factories.household(district["village_a1"], district["grid_a1"])
    person = factories.person(home, name="王村民", birth=date(1970, 1, 1))
    user = factories.user("villager", district["village_a1"])
    person.user = user
    person.save(update_fields=["user"])
    return user


def test_a_villagers_application_list_has_no_staff_links(client, district):
    client.force_login(villager(district))
    response = client.get(reverse("homestead:applications"))
    page = response.content.decode()
    assert reverse("homestead:application_deadlines") not in page and "超期督办" not in page
    assert "统计分析" not in page
    assert "section_tabs" not in response.context  # a single tab (申请审批) would lead nowhere
    assert reverse("homestead:application_new") in page  # what a villager does there
    nav = labels(response)
    assert {"首页", "我的家庭", "宅基地审批", "我的积分", "积分超市", "吹哨报到"} <= set(nav)
    assert not {"人员台账", "宅基地", "统计分析", "积分管理", "待办"} & set(nav)


def test_staff_keep_the_overdue_list(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    page = client.get(reverse("homestead:applications")).content.decode()
    assert reverse("homestead:application_deadlines") in page


def test_a_case_page_leads_back_to_the_readers_own_lists(client, district):
    department = factories.department(district["county"])
    grid_worker = factories.user("grid_worker", district["grid_a1"])
    case = factories.case(district["village_a1"], state="dispatched", lead_department=department,
                          reporter=grid_worker)
    case.path = district["grid_a1"].path
    case.save(update_fields=["path"])
    for user, expected in (
        (grid_worker, ["我上报的"]),  # it has no register (案件台账 was a 404)
        (factories.user("department_staff", department), ["案件台账"]),  # it reports nothing
        (factories.user("village_secretary", district["village_a1"]), ["案件台账", "我上报的"]),
    ):
        client.force_login(user)
        shown = client.get(reverse("governance:case", args=[case.pk])).context["crumbs"]
        assert [label for _, label in shown] == expected
        for href, label in shown:
            assert client.get(href).status_code == 200, (user, label)


def test_department_staff_menu_has_its_work_only(client, district):
    department = factories.department(district["county"])
    client.force_login(factories.user("department_staff", department))
    nav = labels(client.get(reverse("governance:cases")))
    assert {"吹哨报到", "宅基地审批"} <= set(nav)
    assert not {"人员台账", "宅基地", "评理说事", "党员队伍", "积分管理", "我的家庭"} & set(nav)


def test_the_tree_offers_figures_only_to_those_who_read_them(client, district):
    client.force_login(factories.user("system_admin", district["county"]))
    assert reverse("stats:dashboard", args=[district["county"].code]) not in \
        client.get(reverse("orgs:tree")).content.decode()
    client.force_login(factories.user("street_admin", district["street_a"]))
    assert reverse("stats:dashboard", args=[district["street_a"].code]) in \
        client.get(reverse("orgs:tree")).content.decode()
