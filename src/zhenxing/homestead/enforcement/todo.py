"""执法监管's waiting work (core.todo): the village rectifies and reports it done, the street checks it and
closes or sends it back."""

from django.urls import reverse

from zhenxing.core import todo
from zhenxing.homestead.enforcement.models import Violation
from zhenxing.homestead.enforcement.workflows import RECTIFICATION
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.orgs.todo import STREET_DEPTH, VILLAGE_DEPTH


def _base():
    return Violation.objects.select_related("village")


PARTIES = {
    "village_secretary": todo.Party(
        rows=lambda actor: org_todo.rows(_base(), actor, access.MANAGE_HOMESTEAD, min_depth=VILLAGE_DEPTH),
        recipients=lambda v: org_todo.holders(v.path, access.MANAGE_HOMESTEAD),
        states=("pending", "rectifying")),
    "street_admin": todo.Party(
        rows=lambda actor: org_todo.rows(_base(), actor, access.MANAGE_HOMESTEAD, max_depth=STREET_DEPTH),
        recipients=lambda v: org_todo.holders(v.path, access.MANAGE_HOMESTEAD, max_depth=STREET_DEPTH),
        states=("rectified",)),
}

todo.register(*todo.workflow_waiting(
    RECTIFICATION, model=Violation, module="违法用地整改", parties=PARTIES,
    title=lambda v: f"{v.code} {v.village.name}·{v.get_kind_display()}",
    url=lambda v: reverse("homestead:violation", args=[v.pk]),
    list_url=lambda actor, state: f"{reverse('homestead:violations')}?state={state}"))
