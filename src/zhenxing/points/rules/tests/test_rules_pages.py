"""积分细则 pages: the catalogue, a version by colour, the forms and their Chinese messages, the lock."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenxing.points.rules.models import RuleBook, Scheme
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

def tomorrow():  # asked at each use: a run crossing local midnight must not post yesterday's tomorrow
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def units():
    return factories.district()


@pytest.fixture
def district_book(units):
    scheme = factories.point_scheme(units["county"], code="household", subject="household",
                                    categories=[("red", "党建引领", "#d7191c"),
                                                ("green", "人居环境", "#1a9641")])
    book = factories.rule_book(scheme, units["county"], effective_from=date(2024, 1, 1))
    factories.rule_item(book, code="R01", name="参加集体活动", points=2)
    factories.rule_item(book, code="G01", name="美丽庭院", points=10, min_points=5, max_points=15, cap=10,
                        cap_period="year", category=scheme.categories.get(code="green"))
    return book


def login(client, role, unit):
    client.force_login(factories.user(role, unit))
    return client


def text(response) -> str:
    return response.content.decode()


def test_the_catalogue_lists_the_versions_and_a_version_shows_its_colours(client, units, district_book):
    village = factories.rule_book(district_book.scheme, units["village_b1"], effective_from=date(2025, 1, 1),
                                  title="B街1村七色积分细则")
    login(client, "village_secretary", units["village_a1"])

    page = text(client.get(reverse("points:rules")))
    assert "七色积分" in page and district_book.title in page and "现行" in page
    assert village.title not in page  # another street's village
    assert "新建版本" in page

    page = text(client.get(reverse("points:book", args=[district_book.pk])))
    assert "background: #d7191c" in page and "background: #1a9641" in page
    assert "美丽庭院" in page and "5～15" in page and "每年 10 分" in page
    assert "新增条目" not in page  # published: no editing
    assert client.get(reverse("points:book", args=[village.pk])).status_code == 404


def test_no_scheme_yet_offers_the_district_admin_the_defaults(client, units):
    login(client, "district_admin", units["county"])
    page = text(client.get(reverse("points:rules")))
    assert "为沈北新区创建默认积分方案" in page

    response = client.post(reverse("points:defaults", args=[units["county"].code]))
    assert response.status_code == 302
    assert set(Scheme.objects.values_list("code", flat=True)) == {"party", "household"}
    page = text(client.get(reverse("points:rules")))
    assert "党员积分" in page and "七色积分" in page and "为沈北新区创建默认积分方案" not in page


def test_the_district_admin_makes_a_version_and_changes_an_item(client, units, district_book):
    login(client, "district_admin", units["county"])
    url = reverse("points:book_new", args=[district_book.scheme_id])

    bad = client.post(url, {"effective_from": "2024-13-01"})
    assert bad.status_code == 400 and "生效日期：生效日期格式不正确" in text(bad)
    past = client.post(url, {"effective_from": "2024-01-02"})
    assert past.status_code == 400 and "生效日期须晚于今天" in text(past)

    response = client.post(url, {"effective_from": tomorrow().isoformat(), "note": "村民代表会议通过"})
    book = RuleBook.objects.get(scheme=district_book.scheme, version=2)
    assert response["Location"] == reverse("points:book", args=[book.pk])
    item = book.items.get(code="G01")
    edit = reverse("points:item_edit", args=[book.pk, item.pk])
    assert client.get(edit).status_code == 200
    form = {"code": "G01", "name": "美丽庭院", "category": item.category_id, "points": "12",
            "min_points": "5", "max_points": "15", "unit": "time", "cap": "12", "cap_period": "year",
            "proposers": ["grid_worker"], "approvers": ["village_secretary"], "source": ""}

    bad = client.post(edit, {**form, "points": "十二"})
    assert bad.status_code == 400 and "分值：分值应为整数" in text(bad)
    bad = client.post(edit, {**form, "points": "20"})
    assert bad.status_code == 400 and "村级可调范围 5–15 须包含分值 20" in text(bad)
    assert client.post(edit, form).status_code == 302
    item.refresh_from_db()
    assert (item.points, item.cap) == (12, 12)
    assert district_book.items.get(code="G01").points == 10


def test_a_village_secretary_value_out_of_range_is_refused_naming_item_and_field(client, units,
                                                                                 district_book):
    login(client, "village_secretary", units["village_a1"])
    client.post(reverse("points:book_new", args=[district_book.scheme_id]),
                {"effective_from": tomorrow().isoformat()})
    book = RuleBook.objects.get(org_unit=units["village_a1"])
    item = book.items.get(code="G01")
    edit = reverse("points:item_edit", args=[book.pk, item.pk])
    form = {"points": "20", "cap": "10", "cap_period": "year", "proposers": ["grid_worker"],
            "approvers": ["village_secretary"]}

    bad = client.post(edit, form)
    assert bad.status_code == 400
    assert "分值：“G01 美丽庭院”的分值应在区级规定的 5–15 之间，不能为 20" in text(bad)
    bad = client.post(edit, {**form, "points": "8", "cap": "11"})
    assert "周期上限（分）：“G01 美丽庭院”的周期上限不得高于区级的每年 10 分，不能为 11" in text(bad)
    assert client.post(edit, {**form, "points": "8", "cap": "9"}).status_code == 302
    item.refresh_from_db()
    assert (item.points, item.cap) == (8, 9)


def test_a_published_version_answers_with_the_reason(client, units, district_book):
    login(client, "district_admin", units["county"])
    item = district_book.items.get(code="R01")
    for url in (reverse("points:item_edit", args=[district_book.pk, item.pk]),
                reverse("points:book_edit", args=[district_book.pk])):
        response = client.get(url, follow=True)
        assert "已于2024-01-01生效，不能修改；请新建版本" in text(response)
    response = client.post(reverse("points:item_remove", args=[district_book.pk, item.pk]), follow=True)
    assert "不能修改" in text(response)
    assert district_book.items.filter(code="R01").exists()


def test_the_book_form_checks_the_bases(client, units):
    scheme = factories.point_scheme(units["county"])
    book = factories.rule_book(scheme, units["county"], effective_from=tomorrow())
    login(client, "district_admin", units["county"])
    url = reverse("points:book_edit", args=[book.pk])

    bad = client.post(url, {"title": "", "effective_from": tomorrow().isoformat(), "base_default": "六十"})
    assert bad.status_code == 400
    assert "名称：请填写名称" in text(bad)
    assert "默认（未分类）基础分：默认（未分类）基础分应为整数" in text(bad)
    ok = client.post(url, {"title": "党员积分细则", "effective_from": tomorrow().isoformat(),
                           "base_default": "60", "base_elderly_infirm": "70"})
    assert ok.status_code == 302
    book.refresh_from_db()
    assert book.bases == {"": 60, "elderly_infirm": 70}


def test_a_draft_can_be_deleted_and_a_cadre_cannot_edit(client, units, district_book):
    draft = factories.rule_book(district_book.scheme, units["county"], effective_from=tomorrow())
    login(client, "village_cadre", units["village_a1"])
    assert client.get(reverse("points:book", args=[draft.pk])).status_code == 200
    assert client.post(reverse("points:book_delete", args=[draft.pk])).status_code == 404
    client.logout()
    login(client, "district_admin", units["county"])
    page = client.get(reverse("points:book", args=[draft.pk])).content.decode()
    assert 'class="danger" data-confirm="确认删除此未生效的草稿？' in page
    assert client.post(reverse("points:book_delete", args=[draft.pk])).status_code == 302
    assert not RuleBook.objects.filter(pk=draft.pk).exists()


def test_the_points_nav_and_tabs(client, units, district_book):
    login(client, "grid_worker", units["grid_a1"])
    page = text(client.get(reverse("points:rules")))
    assert 'href="/points/rules/"' in page and "积分管理" in page
    assert 'class="section-tabs" aria-label="积分管理"' in page
    client.logout()
    login(client, "villager", units["village_a1"])
    assert client.get(reverse("points:rules")).status_code == 404


def test_the_district_admin_recolours_a_category(client, units, district_book):
    scheme = district_book.scheme
    red = scheme.categories.get(code="red")
    login(client, "district_admin", units["county"])
    assert "新增类别" in text(client.get(reverse("points:rules")))
    url = reverse("points:category_edit", args=[scheme.pk, red.pk])

    bad = client.post(url, {"name": "党建引领", "colour": "红色"})
    assert bad.status_code == 400 and "颜色：颜色应为 #RRGGBB" in text(bad)
    assert client.post(url, {"name": "红色党建", "colour": "#aa0000"}).status_code == 302
    red.refresh_from_db()
    assert (red.code, red.name, red.colour) == ("red", "红色党建", "#aa0000")
    new = client.post(reverse("points:category_new", args=[scheme.pk]),
                      {"code": "blue", "name": "志愿服务", "colour": "#2c7bb6"})
    assert new.status_code == 302 and scheme.categories.filter(code="blue").exists()
    client.logout()
    login(client, "village_secretary", units["village_a1"])
    assert "新增类别" not in text(client.get(reverse("points:rules")))
    assert client.get(url).status_code == 404
