"""What the search box finds of 申请审批: an application by the beginning of its number (ZJD-2024-…) or by the
name of its household's head, among those the actor sees (the register's scope: a department only those in
联审)."""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from zhenxing.homestead.applications import selectors
from zhenxing.homestead.applications.models import Application
from zhenxing.orgs import access, search
from zhenxing.people.models import Person


def _applications(actor, query: search.Query):
    match = search.prefix("code", query.upper) if query.code_like else None
    if query.has_cjk:  # the heads by their name's index alone, then their households' applications
        heads = Person.objects.filter(search.prefix("name", query.text)).values("pk")
        match = Q(household__head__in=heads)
    if match is None:
        return Application.objects.none()
    try:
        visible = selectors.visible(actor)
    except Http404:
        return Application.objects.none()
    # Newest first: a number holds its year and sequence.
    return visible.filter(match).order_by(*search.by_key("code", newest_first=True))


def _hit(a: Application) -> search.Hit:
    head = a.household.head.name if a.household.head else a.household.number
    filed = timezone.localtime(a.created_at).strftime("%Y-%m-%d")
    return search.Hit(a.code, f"{head}户 · {a.village.name} · {a.get_kind_display()} · {a.state_label} · "
                      f"{filed} 申请", reverse("homestead:application", args=[a.pk]))


def _register(actor, query: search.Query) -> str:
    return f"{reverse('homestead:applications')}?{urlencode({'q': query.text})}"


search.register(search.Kind(
    key="application", label="宅基地申请", order=50,
    capabilities=(access.VIEW_PEOPLE, access.REVIEW_HOMESTEAD, access.SIGN_HOMESTEAD),
    find=_applications, hit=_hit, register_url=_register,
    hint="申请编号（如 ZJD-2024-000123）或申请户户主姓名"))
