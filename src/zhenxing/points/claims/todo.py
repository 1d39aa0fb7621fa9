"""积分申报's waiting work (core.todo): a proposed claim waits on its approvers (a posted one may still be
corrected, but nothing waits on that)."""

from django.urls import reverse

from zhenxing.core import todo
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.points.claims.models import Claim
from zhenxing.points.claims.workflows import APPROVER, CLAIM
from zhenxing.points.rules.models import RuleItem


def _base():
    return Claim.objects.select_related("item", "household__head", "member__person")


def _rows(actor):
    """Proposed claims the actor may decide: under a grant whose role the item names as approver (or any
    approver, where it names none), and not the actor's own proposals."""
    if not actor.can(access.APPROVE_POINTS):
        return None
    items = list(RuleItem.objects.values_list("pk", "approvers"))
    parts = []
    for grant in actor.grants:
        if access.APPROVE_POINTS not in grant.capabilities:
            continue
        allowed = [pk for pk, approvers in items if not approvers or grant.role in approvers]
        qs = org_todo.rows(_base().filter(item_id__in=allowed), actor, access.APPROVE_POINTS)
        parts.append(qs.filter(path__startswith=grant.path))
    return org_todo.either(*parts).exclude(proposed_by=actor.user)


def _holder(c: Claim) -> str:
    if c.member_id:
        return c.member.person.name
    return c.household.head.name if c.household.head_id else c.household.number


todo.register(*todo.workflow_waiting(
    CLAIM, model=Claim, module="积分申报", states=("proposed",),
    parties={APPROVER: todo.Party(rows=_rows,
                                  recipients=lambda c: org_todo.holders(c.path, access.APPROVE_POINTS))},
    title=lambda c: f"{c.code} {_holder(c)}·{c.item.name}（{c.points:+d} 分）",
    url=lambda c: reverse("points:claim", args=[c.pk]),
    list_url=lambda actor, state: f"{reverse('points:claims')}?state={state}"))
