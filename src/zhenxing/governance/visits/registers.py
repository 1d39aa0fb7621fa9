"""网格与入户走访's registers and its one write, declared once: the pages, their Excel exports and the API
derive from these (orgs.registers, orgs.actions)."""

from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.governance.visits import selectors as sel
from zhenxing.governance.visits import services
from zhenxing.governance.visits.forms import VisitForm
from zhenxing.governance.visits.indicators import VISIT_COLUMNS
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

GRID = Register(
    name="grid",
    title="我的网格",
    item="网格内的户",
    rows=sel.grid_households,
    one=sel.grid_household,
    filter_class=sel.GridFilter,
    filters=(
        Filter("q", "户编号或户主"),
        Filter("village", "村/网格", "village"),
        Filter("unvisited", "走访情况", "select", (("yes", f"{sel.UNVISITED_DAYS}天未走访"),)),
    ),
    columns=(
        Column("户编号", lambda h: h.number, key="number"),
        Column("户主", lambda h: h.head.name if h.head else "", key="head"),
        Column("网格", lambda h: h.grid.name if h.grid else h.village.name, key="grid"),
        Column("住址", lambda h: h.address, key="address"),
        Column("最近走访", lambda h: h.last_visit or "未走访", key="last_visit"),
    ),
    url_of=lambda h: reverse("people:household", args=[h.pk]),
    description="调用者权限范围内的户（网格员只见本网格），含最近一次走访日期",
)

VISITS = Register(
    name="visits",
    title="入户走访记录",
    item="入户走访",
    rows=sel.visits,
    one=sel.visit,
    filter_class=sel.VisitFilter,
    filters=(
        Filter("q", "户编号或户主"),
        Filter("village", "村/网格", "village"),
        Filter("purpose", "事由", "select", tuple(Visit.PURPOSES)),
        Filter("follow_up", "需跟进", "select", (("yes", "需跟进"),)),
    ),
    columns=VISIT_COLUMNS,
    url_of=lambda v: reverse("people:household", args=[v.household_id]),
)


def _log_visit(actor, form, record):
    d = form.cleaned_data
    return services.log_visit(actor=actor, household=d["household"], visited_on=d["visited_on"],
                              purpose=d["purpose"], notes=d["notes"], follow_up_needed=d["follow_up_needed"],
                              photos=d["photos"])


# A phone on a weak village signal sends a visit again when the answer is lost: one visit per key.
ADD_VISIT = Action("", "记录入户走访", VisitForm, _log_visit, access.REPORT_CASE, idempotent=True,
                   description="household 为户的 id；现场照片用 multipart 的 photos（可多张）")
