"""评理说事's waiting work (core.todo): a dispute waits on the mediators of its level — the village's for a
group's or a village's dispute, the street's once escalated to it."""

from django.urls import reverse

from zhenxing.core import todo
from zhenxing.governance.mediation.models import Dispute
from zhenxing.governance.mediation.workflows import DISPUTE, MEDIATOR
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo


def _base():
    return Dispute.objects.select_related("village")


def _rows(actor):
    village = org_todo.rows(_base(), actor, access.MEDIATE, min_depth=org_todo.VILLAGE_DEPTH)
    street = org_todo.rows(_base(), actor, access.MEDIATE, max_depth=org_todo.STREET_DEPTH)
    return org_todo.either(village.exclude(level="street") if village is not None else None,
                           street.filter(level="street") if street is not None else None)


def _mediators(d: Dispute):
    depth = org_todo.STREET_DEPTH if d.level == "street" else None
    return org_todo.holders(d.path, access.MEDIATE, max_depth=depth)


todo.register(*todo.workflow_waiting(
    DISPUTE, model=Dispute, module="评理说事",
    parties={MEDIATOR: todo.Party(rows=_rows, recipients=_mediators)},
    title=lambda d: f"{d.code} {d.village.name}·{d.get_kind_display()}：{d.description[:30]}",
    url=lambda d: reverse("governance:dispute", args=[d.pk]),
    list_url=lambda actor, state: f"{reverse('governance:disputes')}?state={state}"))
