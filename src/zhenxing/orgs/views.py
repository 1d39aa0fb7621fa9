from django.http import Http404
from django.shortcuts import render

from zhenxing.orgs import selectors
from zhenxing.orgs.access import VIEW_DASHBOARD, VIEW_ORGS


def tree(request):
    root = selectors.visible_root(actor=request.actor, capability=VIEW_ORGS)
    if root is None:
        raise Http404
    return unit(request, root.code)


def unit(request, code):
    actor = request.actor
    node = selectors.org_unit(actor=actor, code=code)
    return render(
        request,
        "orgs/unit.html",
        {
            "unit": node,
            "crumbs": selectors.ancestors_in_scope(actor=actor, unit=node),
            "children": selectors.children(actor=actor, unit=node),
            "party_orgs": selectors.party_orgs(actor=actor).filter(org_unit=node),
            "departments": selectors.departments(actor=actor).filter(org_unit=node),
            # The system administrator keeps the tree but reads no figures.
            "can_see_stats": actor.can(VIEW_DASHBOARD, node.path),
        },
    )
