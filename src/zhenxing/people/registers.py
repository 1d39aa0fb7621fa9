"""The people registers (人员台账, 户籍台账, 党员名册, 干部名册), declared once: their pages and Excel
exports, and the API's data-exchange streams beside the hand-written lists and details of people/api.py."""

from dataclasses import dataclass

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.orgs.registers import Filter, Register
from zhenxing.people import choices, selectors
from zhenxing.people.indicators import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, PERSON_COLUMNS, POST_COLUMNS


def _person_url(p):
    return reverse("people:person", args=[p.pk])


PERSONS = Register(
    name="persons", title="人员台账", item="人员", rows=selectors.persons,
    filter_class=selectors.PersonFilter,
    filters=(
        Filter("q", "姓名或身份证号"),
        Filter("village", "村/社区", "village"),
        Filter("political_status", "政治面貌", "select", choices.POLITICAL_STATUS),
        Filter("gender", "性别", "select", choices.GENDERS),
        Filter("age_band", "年龄段", "select", tuple((k, v) for k, v, _, _ in choices.AGE_BANDS)),
    ),
    columns=PERSON_COLUMNS, url_of=_person_url,
)


@dataclass
class HouseholdFilter:
    q: str = ""
    village: str = ""


HOUSEHOLDS = Register(
    name="households", title="户籍台账", item="户",
    rows=lambda *, actor, filters: selectors.households(actor=actor, q=filters.q, village=filters.village),
    filter_class=HouseholdFilter,
    filters=(Filter("q", "户编号或户主"), Filter("village", "村/社区", "village")),
    columns=(*HOUSEHOLD_COLUMNS, Column("人数", lambda h: h.size, key="size", kind=numbers.COUNT)),
    url_of=lambda h: reverse("people:household", args=[h.pk]),
)


@dataclass
class MemberFilter:
    classification: str = ""
    village: str = ""


PARTY_MEMBERS = Register(
    name="party-members", title="党员名册", item="党员",
    rows=lambda *, actor, filters: selectors.party_members(
        actor=actor, classification=filters.classification, village=filters.village),
    filter_class=MemberFilter,
    filters=(Filter("classification", "分类", "select", choices.PARTY_CLASSES),
             Filter("village", "村/社区", "village")),
    columns=MEMBER_COLUMNS, url_of=lambda m: _person_url(m.person),
)


@dataclass
class PostFilter:
    post: str = ""
    village: str = ""


CADRES = Register(
    name="cadres", title="干部名册", item="干部岗位",
    rows=lambda *, actor, filters: selectors.cadre_posts(actor=actor, post=filters.post,
                                                         village=filters.village),
    filter_class=PostFilter,
    filters=(Filter("post", "岗位", "select", choices.CADRE_POSTS), Filter("village", "村/社区", "village")),
    columns=POST_COLUMNS, url_of=lambda c: _person_url(c.person),
)
