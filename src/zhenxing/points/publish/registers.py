"""积分公示 and 申诉's registers and writes, declared once: the API's lists, details and writes derive from
these (orgs.registers, orgs.actions), and the pages write through the same actions."""

from datetime import datetime

from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register
from zhenxing.points.publish import selectors as sel
from zhenxing.points.publish import services
from zhenxing.points.publish.forms import ObjectionForm, PublishForm, ResolveForm
from zhenxing.points.publish.models import Objection

PUBLICATIONS = Register(
    name="publications",
    title="积分公示",
    item="积分公示",
    rows=sel.publication_rows,
    one=sel.publication,
    filter_class=sel.PublicationFilter,
    filters=(Filter("scheme", "积分方案（代码）"), Filter("period", "期间（2024、2024-05、2024-Q2）")),
    columns=(
        Column("积分方案", lambda p: p.scheme.name, key="scheme"),
        Column("公示范围", lambda p: p.unit_name, key="unit"),
        Column("期间", lambda p: p.period_label, key="period_label"),
        Column("期间代码", lambda p: p.period, key="period"),
        Column("公示时间", lambda p: p.published_at, key="published_at", kind=datetime),
        Column("申诉截止", lambda p: p.objection_until, key="objection_until", kind=datetime),
        Column("申诉期内", lambda p: p.objections_open(), key="open", kind=bool),
        Column("名单人数", lambda p: len(p.rows), key="rows", kind=int),
    ),
    url_of=lambda p: reverse("points:publication", args=[p.pk]),
    description="工作人员：权限范围内的公示；村民：本村的公示",
)

OBJECTIONS = Register(
    name="objections",
    title="积分申诉",
    item="积分申诉",
    rows=sel.objection_rows,
    one=sel.visible_objection,
    filter_class=sel.ObjectionFilter,
    filters=(Filter("state", "状态", "select", tuple(Objection.STATES)), Filter("publication", "公示 id")),
    columns=(
        Column("公示 id", lambda o: o.publication_id, key="publication_id", kind=int),
        Column("公示", lambda o: f"{o.publication.unit_name}{o.publication.period_label}", key="publication"),
        Column("申诉对象", lambda o: o.holder_name, key="holder_name"),
        Column("申诉内容", lambda o: o.text, key="text"),
        Column("提出时间", lambda o: o.filed_at, key="filed_at", kind=datetime),
        Column("状态", lambda o: o.get_state_display(), key="state_label"),
        Column("处理意见", lambda o: o.resolution, key="resolution"),
        Column("处理时间", lambda o: o.resolved_at, key="resolved_at", kind=datetime),
        Column("更正记账", lambda o: o.entry_id, key="entry", kind=int),
    ),
    url_of=lambda o: reverse("points:publication", args=[o.publication_id]),
    description="工作人员：权限范围内公示的全部申诉；村民：本人提出的申诉",
)


def _publish(actor, form, record):
    d = form.cleaned_data
    return services.publish(actor=actor, scheme=d["scheme"], unit=d["unit"], period=d["period"],
                            objection_days=d["objection_days"])


def _object(actor, form, record):
    d = form.cleaned_data
    return services.file_objection(actor=actor, publication=d["publication"], holder=d["holder"],
                                   text=d["text"])


def _resolve(actor, form, record):
    d = form.cleaned_data
    return services.resolve(actor=actor, objection=record, outcome=d["outcome"], resolution=d["resolution"],
                            entry=d["entry"])


PUBLISH = Action("", "公示排名", PublishForm, _publish, access.APPROVE_POINTS,
                 description="把一个单位一个期间的排名冻结为公示，申诉期内可申诉")
OBJECT = Action("", "提出申诉", ObjectionForm, _object, (access.REDEEM_POINTS, access.VIEW_OWN_HOUSEHOLD,
                                                        access.PROPOSE_POINTS, access.APPROVE_POINTS),
                idempotent=True,
                description="村民对本户或本人的公示积分提出申诉（holder 不填为本户）；村干部可代为提出")
RESOLVE = Action("resolve", "处理申诉", ResolveForm, _resolve, access.APPROVE_POINTS,
                 form_kwargs=lambda actor, record: {})
