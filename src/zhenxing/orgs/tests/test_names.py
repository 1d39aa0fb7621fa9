"""Who acted, as people know them (orgs.names): the name rather than the login, with the unit and role, the
login only when there is no name, "系统" for nobody; one lookup for a page of many."""

import pytest
from django.template import Context, Template

from zhenxing.orgs import names
from zhenxing.orgs.models import RoleAssignment
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_a_user_is_their_name_with_unit_and_role(district):
    u = factories.user("village_secretary", district["village_a1"], username="secretary_login")
    assert names.who(u) == "secretary_login（A街1村·村党组织书记）"  # no name given yet: the login
    u.first_name = "王建国"
    u.save()
    assert names.name(u) == "王建国"
    assert names.who(u) == "王建国（A街1村·村党组织书记）"
    assert names.who(None) == "系统" and names.who(None, "系统（演示数据）") == "系统（演示数据）"


def test_several_roles_are_named_and_many_are_cut_short(district):
    u = factories.user("street_admin", district["street_a"])
    RoleAssignment.objects.create(user=u, role="street_reviewer", org_unit=district["street_a"])
    assert names.place(u) == "马刚街道·街道管理员、马刚街道·街道审核员"
    RoleAssignment.objects.create(user=u, role="street_admin", org_unit=district["street_b"])
    fresh = type(u).objects.get(pk=u.pk)
    assert names.place(fresh).endswith("等")


def test_a_page_of_people_is_looked_up_at_once(district, django_assert_num_queries):
    users = [factories.user("grid_worker", district["grid_a1"]) for _ in range(5)]
    fresh = list(type(users[0]).objects.filter(pk__in=[u.pk for u in users]))
    with django_assert_num_queries(1):
        names.preload(fresh)
        assert all(names.place(u) == "A街1村第一网格·网格员" for u in fresh)


def test_the_template_filters(district):
    u = factories.user("department_staff", factories.department(district["county"], "水务局"))
    u.first_name = "赵水务"
    u.save()
    out = Template('{% load names %}{{ u|who }}|{{ u|who_name }}|{{ none|who:"系统导入" }}').render(
        Context({"u": u, "none": None}))
    assert out == "赵水务（水务局·部门工作人员）|赵水务|系统导入"
