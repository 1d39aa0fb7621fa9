"""What the search box finds of people: a person by name (its beginning) or by a whole ID number (through the
keyed hash: a part of one finds nobody), a household by its number or its head's name. Both through the
registers' own selectors, so scope and matching are the registers'."""

from django.urls import reverse
from django.utils.http import urlencode

from zhenxing.orgs import access, search
from zhenxing.people import selectors
from zhenxing.people.models import Household, Person


def _persons(actor, query: search.Query):
    if not (query.id_number or query.name_like):
        return Person.objects.none()
    found = selectors.persons(actor=actor, filters=selectors.PersonFilter(q=query.id_number or query.text))
    return found.order_by(*search.by_key("name"), "path", "id")


def _person_hit(p: Person) -> search.Hit:
    where = p.village.name if p.village else p.org_unit.name
    household = f"{p.household.number} {p.relation_label}" if p.household else "未入户"
    return search.Hit(p.name, f"{where} · {household} · {p.gender_label} · {p.birth_date.year}年生",
                      reverse("people:person", args=[p.pk]))


def _households(actor, query: search.Query):
    return selectors.households(actor=actor, q=query.text).order_by(*search.by_key("number"))


def _household_hit(h: Household) -> search.Hit:
    head = h.head.name if h.head else "（无户主）"
    return search.Hit(f"{head}户 {h.number}", f"{h.village.name} · {h.address} · {h.size} 人",
                      reverse("people:household", args=[h.pk]))


def _register(name: str):
    def url(actor, query: search.Query) -> str:
        return f"{reverse(name)}?{urlencode({'q': query.id_number or query.text})}"
    return url


search.register(search.Kind(
    key="person", label="人员", order=10, capabilities=(access.VIEW_PEOPLE,), find=_persons, hit=_person_hit,
    register_url=_register("people:persons"), hint="姓名（开头几个字）或完整的 18 位身份证号"))
search.register(search.Kind(
    key="household", label="户", order=20, capabilities=(access.VIEW_PEOPLE,), find=_households,
    hit=_household_hit, register_url=_register("people:households"), hint="户编号的开头或户主姓名"))
