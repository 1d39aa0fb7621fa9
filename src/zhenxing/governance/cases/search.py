"""What the search box finds of 吹哨报到: a case by the beginning of its number (AJ-2024-…) or of its 12345
work order number, among the cases the actor may open (a department only those dispatched to it, a reporter
its own reports)."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from zhenxing.governance.cases import selectors
from zhenxing.governance.cases.models import Case
from zhenxing.governance.cases.workflows import CASE
from zhenxing.orgs import access, search

REGISTER = (access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE)


def _cases(actor, query: search.Query):
    if not query.code_like:
        return Case.objects.none()
    try:
        visible = selectors.visible(actor)
    except Http404:
        return Case.objects.none()
    match = search.any_prefix(Case, ("code", "hotline_number"), query.upper)
    # Newest first: a number holds its year and sequence.
    return visible.filter(match).order_by(*search.by_key("code", newest_first=True))


def _hit(c: Case) -> search.Hit:
    what = c.category.name if c.category else c.description[:20]
    reported = timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M")
    state = CASE.states.get(c.state, c.state)
    return search.Hit(c.code, f"{c.village.name} · {what} · {state} · {reported} 上报",
                      reverse("governance:case", args=[c.pk]))


def _register(actor, query: search.Query) -> str | None:
    if not any(actor.can(c) for c in REGISTER):  # a reporter has 我上报的, not the register
        return None
    return f"{reverse('governance:cases')}?{urlencode({'q': query.upper})}"


search.register(search.Kind(
    key="case", label="案件", order=40,
    capabilities=(access.REPORT_CASE, access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE),
    find=_cases, hit=_hit, register_url=_register, hint="案件编号（如 AJ-2024-000123）或 12345 工单编号"))
