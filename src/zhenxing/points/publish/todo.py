"""积分公示's waiting work (core.todo): an appeal (申诉) against a published ranking waits on whoever approves
points there."""

from django.urls import reverse

from zhenxing.core import todo
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.points.publish.models import Objection


def _rows(actor):
    qs = org_todo.rows(Objection.objects.select_related("publication"), actor, access.APPROVE_POINTS,
                       due_field=None)
    return None if qs is None else qs.filter(state="filed")


def recipients(objection: Objection):
    return org_todo.holders(objection.path, access.APPROVE_POINTS)


def url(objection: Objection) -> str:
    return reverse("points:publication", args=[objection.publication_id])


todo.register(todo.Waiting(
    key="points.objection.filed", module="积分公示", label="积分申诉·待处理", rows=_rows,
    title=lambda o: f"{o.holder_name}对《{o.publication}》的申诉：{o.text[:30]}", url=url,
    actions="处理申诉", due_field=None, since_field="filed_at", recipients=recipients))
