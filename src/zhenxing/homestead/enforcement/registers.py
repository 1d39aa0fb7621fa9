"""执法监管's registers and writes, declared once: the pages, their Excel exports and the API derive from
these (orgs.registers, orgs.actions)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.homestead.enforcement import selectors as sel
from zhenxing.homestead.enforcement import services
from zhenxing.homestead.enforcement.forms import InspectionForm, ViolationForm
from zhenxing.homestead.enforcement.models import Inspection, Violation
from zhenxing.homestead.enforcement.workflows import OPEN, RECTIFICATION
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register


def overdue(v: Violation) -> str:
    if v.state in OPEN and v.due_at and v.due_at < timezone.now():
        return "是"
    return ""


INSPECTIONS = Register(
    name="inspections",
    title="巡查检查记录",
    item="巡查检查",
    rows=sel.inspections,
    one=sel.inspection,
    filter_class=sel.InspectionFilter,
    filters=(
        Filter("q", "检查人员或情况"),
        Filter("village", "村/社区", "village"),
        Filter("kind", "检查类型", "select", Inspection.KINDS),
    ),
    columns=(
        Column("检查日期", lambda i: i.inspected_on, key="inspected_on", kind=date),
        Column("村/社区", lambda i: i.village.name, key="village"),
        Column("检查类型", lambda i: i.get_kind_display(), key="kind"),
        Column("检查人员", lambda i: i.inspectors, key="inspectors"),
        Column("检查情况", lambda i: i.findings[:60], key="findings"),
        Column("发现问题", lambda i: i.violation_count, key="violations", kind=numbers.COUNT),
    ),
    url_of=lambda i: reverse("homestead:inspection", args=[i.pk]),
)

VIOLATIONS = Register(
    name="violations",
    title="违法违规台账",
    item="违法违规案件",
    rows=sel.violations,
    one=sel.violation,
    filter_class=sel.ViolationFilter,
    filters=(
        Filter("q", "案件编号、宗地代码或描述"),
        Filter("village", "村/社区", "village"),
        Filter("kind", "违法类型", "select", Violation.KINDS),
        Filter("state", "状态", "select", tuple(RECTIFICATION.states.items())),
        Filter("overdue", "超期", "select", (("yes", "超期未整改"),)),
    ),
    columns=(
        Column("案件编号", lambda v: v.code, key="code"),
        Column("村/社区", lambda v: v.village.name, key="village"),
        Column("宗地代码", lambda v: v.parcel.code if v.parcel else "", key="parcel"),
        Column("违法类型", lambda v: v.get_kind_display(), key="kind"),
        Column("发现日期", lambda v: v.found_on, key="found_on", kind=date),
        Column("整改期限", lambda v: v.deadline, key="deadline", kind=date),
        Column("状态", lambda v: RECTIFICATION.states.get(v.state, v.state), key="state_label"),
        Column("超期", overdue, key="overdue"),
    ),
    url_of=lambda v: reverse("homestead:violation", args=[v.pk]),
    workflow=RECTIFICATION,
    workflow_roles=lambda actor, v: services.roles_over(actor, v.path),
)


def _add_inspection(actor, form, record):
    data = {k: v for k, v in form.cleaned_data.items() if k != "village"}
    return services.add_inspection(actor=actor, village=form.village(), **data)


def _add_violation(actor, form, record):
    d = form.cleaned_data
    source = sel.inspection(actor=actor, pk=d["inspection"]) if d.get("inspection") else None
    return services.add_violation(actor=actor, village=form.village(), parcel=d["parcel_obj"],
                                  inspection=source, kind=d["kind"], found_on=d["found_on"],
                                  description=d["description"])


ADD_INSPECTION = Action("", "登记巡查检查", InspectionForm, _add_inspection, access.MANAGE_HOMESTEAD)
ADD_VIOLATION = Action("", "登记违法违规", ViolationForm, _add_violation, access.MANAGE_HOMESTEAD,
                       description="填宗地代码时村/社区随宗地；inspection 为发现它的巡查检查 id（可不填）")


def take_step(*, actor, record, transition, comment, data, uploads):
    return services.act(actor=actor, violation=record, transition=transition, comment=comment,
                        uploads=uploads)
