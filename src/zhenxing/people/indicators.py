from datetime import date

from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.orgs import access, codes
from zhenxing.people import choices
from zhenxing.people.models import CadrePost, Household, PartyMember, Person

# The registers' columns (people.registers) and the drill-downs' share these; `key`/`kind` are the API's.
HOUSEHOLD_COLUMNS = (
    Column("户编号", lambda h: h.number, key="number"),
    Column("户主", lambda h: h.head.name if h.head else "", key="head"),
    Column("村/社区", lambda h: h.village.name, key="village"),
    Column("住址", lambda h: h.address, key="address"),
)
PERSON_COLUMNS = (
    Column("姓名", lambda p: p.name, key="name"),
    Column("性别", lambda p: p.gender_label, key="gender"),
    Column("出生日期", lambda p: p.birth_date, key="birth_date", kind=date),
    Column("身份证号", lambda p: p.id_number_masked, key="id_number_masked"),
    Column("政治面貌", lambda p: p.political_label, key="political_status"),
    Column("村/社区", lambda p: p.village.name if p.village else p.org_unit.name, key="village"),
)
MEMBER_COLUMNS = (
    Column("姓名", lambda m: m.person.name, key="name"),
    Column("分类", lambda m: m.classification_label, key="classification"),
    Column("所在支部", lambda m: m.branch.name, key="branch"),
    Column("入党时间", lambda m: m.joined_on, key="joined_on", kind=date),
)
POST_COLUMNS = (
    Column("姓名", lambda c: c.person.name, key="name"),
    Column("岗位", lambda c: c.post_label, key="post"),
    Column("职务", lambda c: c.title, key="title"),
    Column("单位", lambda c: c.org_unit.name, key="unit"),
    Column("派出单位", lambda c: c.sending_unit, key="sending_unit"),
)


def _person_url(p):
    return reverse("people:person", args=[p.pk])


def _members(**extra):
    return lambda: PartyMember.objects.filter(**extra).select_related("person", "branch")


def _posts(**extra):
    return lambda: CadrePost.objects.filter(**extra).select_related(
        "person", "org_unit"
    )


def _up_to(level: str) -> tuple[str, ...]:
    return tuple(codes.LEVELS[: codes.LEVELS.index(level) + 1])


# A post is counted on the units at and above where it sits (no street secretaries in a village).
POST_LEVELS = {
    "street_secretary": _up_to("town"),
    "street_leader": _up_to("town"),
    "village_secretary": _up_to("village"),
    "two_committee": _up_to("village"),
    "first_secretary": _up_to("village"),
}


POST_DATES = {"valid_from": "started_on", "valid_to": "ended_on"}  # a post counts while it is held


def person_indicator(key, name, unit, group, records, columns, detail_url, order, applies_to=(), **time):
    return Indicator(
        key,
        name,
        unit,
        group,
        records,
        columns,
        detail_url=detail_url,
        order=order,
        drill_capability=access.VIEW_PEOPLE,
        applies_to=applies_to,
        **time,
    )


registry.register(
    person_indicator(
        "people.households",
        "户数",
        "户",
        "人口",
        lambda: Household.objects.select_related("village", "head"),
        HOUSEHOLD_COLUMNS,
        lambda h: reverse("people:household", args=[h.pk]),
        20,
    ),
    person_indicator(
        "people.population",
        "户籍人口",
        "人",
        "人口",
        lambda: Person.objects.filter(household__isnull=False).select_related("village"),
        PERSON_COLUMNS,
        _person_url,
        21,
    ),
    person_indicator(
        "people.collective_members",
        "集体经济组织成员",
        "人",
        "人口",
        lambda: Person.objects.filter(collective_member=True).select_related("village"),
        PERSON_COLUMNS,
        _person_url,
        22,
    ),
    person_indicator(
        "people.party_members",
        "党员",
        "人",
        "党员",
        _members(),
        MEMBER_COLUMNS,
        detail_url=lambda m: _person_url(m.person),
        order=30,
        valid_from="joined_on",
    ),
    *[
        person_indicator(
            f"people.party_members.{key}",
            label,
            "人",
            "党员",
            _members(classification=key),
            MEMBER_COLUMNS,
            lambda m: _person_url(m.person),
            31 + i,
            valid_from="joined_on",
        )
        for i, (key, label) in enumerate(choices.PARTY_CLASSES)
    ],
    person_indicator(
        "people.cadres",
        "干部",
        "人",
        "干部",
        _posts(),
        POST_COLUMNS,
        detail_url=lambda c: _person_url(c.person),
        order=40,
        **POST_DATES,
    ),
    *[
        person_indicator(
            f"people.cadres.{key}",
            label,
            "人",
            "干部",
            _posts(post=key),
            POST_COLUMNS,
            lambda c: _person_url(c.person),
            41 + i,
            POST_LEVELS.get(key, ()),
            **POST_DATES,
        )
        for i, (key, label) in enumerate(choices.CADRE_POSTS)
    ],
)
