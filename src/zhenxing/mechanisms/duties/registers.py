"""包保's register and writes, declared once: the page, its Excel export and the API derive from these."""

from datetime import date

from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.mechanisms.duties import selectors as sel
from zhenxing.mechanisms.duties import services
from zhenxing.mechanisms.duties.forms import DutyForm, EndForm
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

DUTIES = Register(
    name="duties",
    title="包保责任台账",
    item="包保责任",
    rows=sel.duties,
    one=sel.duty,
    filter_class=sel.DutyFilter,
    filters=(
        Filter("q", "责任人或事项"),
        Filter("kind", "类型", "select", tuple(Duty.KINDS)),
        Filter("village", "街道/村", "village"),
        Filter("current", "范围", "select", (("1", "现行"), ("", "含已结束"))),
    ),
    columns=(
        Column("类型", lambda d: d.get_kind_display(), key="kind"),
        Column("责任人", lambda d: d.holder_name, key="holder_name"),
        Column("职务", lambda d: d.holder_title, key="holder_title"),
        Column("包保单位", lambda d: d.org_unit.name, key="unit"),
        Column("包保事项 / 职责", lambda d: d.subject, key="subject"),
        Column("起始日期", lambda d: d.started_on, key="started_on", kind=date),
        Column("结束日期", lambda d: d.ended_on, key="ended_on", kind=date),
    ),
    url_of=lambda d: reverse("mechanisms:duty", args=[d.pk]),
    description="本单位及下级单位的包保责任；缺省只列现行的（current=1）",
)


def _assign(actor, form, record):
    d = form.cleaned_data
    return services.assign_duty(actor=actor, kind=d["kind"], org_unit=d["unit"], department=d["department"],
                                holder_name=d["holder_name"], holder_title=d["holder_title"],
                                subject=d["subject"], started_on=d["started_on"])


def _end(actor, form, record):
    return services.end_duty(actor=actor, duty=record, ended_on=form.cleaned_data["ended_on"])


ASSIGN = Action("", "确定包保责任", DutyForm, _assign, access.MANAGE_TASKS)
END = Action("end", "结束包保责任", EndForm, _end, access.MANAGE_TASKS, form_kwargs=lambda actor, record: {},
             description="结束日期不早于起始日期；已结束的不能再结束")
