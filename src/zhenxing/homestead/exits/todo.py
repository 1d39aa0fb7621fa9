"""自愿有偿退出's waiting work (core.todo): the village submits, the street reviews, the village pays and
recovers."""

from django.urls import reverse

from zhenxing.core import todo
from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.homestead.exits.workflows import EXIT, MANAGER, STREET, VILLAGE
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.orgs.todo import STREET_DEPTH, VILLAGE_DEPTH


def _base():
    return ExitApplication.objects.select_related("village", "parcel")


def _village_rows(actor):
    return org_todo.either(*(org_todo.rows(_base(), actor, cap, min_depth=VILLAGE_DEPTH)
                             for cap in (access.APPLY_HOMESTEAD, access.MANAGE_HOMESTEAD)))


PARTIES = {
    VILLAGE: todo.Party(rows=_village_rows,
                        recipients=lambda e: org_todo.holders(e.path, access.MANAGE_HOMESTEAD)),
    STREET: todo.Party(
        rows=lambda actor: org_todo.rows(_base(), actor, access.REVIEW_HOMESTEAD, max_depth=STREET_DEPTH),
        recipients=lambda e: org_todo.holders(e.path, access.REVIEW_HOMESTEAD, max_depth=STREET_DEPTH)),
    MANAGER: todo.Party(
        rows=lambda actor: org_todo.rows(_base(), actor, access.MANAGE_HOMESTEAD, min_depth=VILLAGE_DEPTH),
        recipients=lambda e: org_todo.holders(e.path, access.MANAGE_HOMESTEAD)),
}

todo.register(*todo.workflow_waiting(
    EXIT, model=ExitApplication, module="自愿有偿退出", parties=PARTIES,
    title=lambda e: f"{e.code} {e.village.name}·宗地 {e.parcel.code}",
    url=lambda e: reverse("homestead:exit", args=[e.pk]),
    list_url=lambda actor, state: f"{reverse('homestead:exits')}?state={state}"))
