"""评理说事's registers and writes, declared once: the pages, their Excel exports and the API derive from
these (orgs.registers, orgs.actions)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.governance.mediation import selectors as sel
from zhenxing.governance.mediation import services
from zhenxing.governance.mediation.forms import DisputeForm, FileForm, MediatorForm, PointForm
from zhenxing.governance.mediation.models import Dispute, Mediator
from zhenxing.governance.mediation.workflows import DISPUTE, STATES
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.registers import Filter, Register

POINTS = Register(
    name="mediation-points",
    title="评理说事点",
    item="评理说事点",
    rows=sel.point_rows,
    one=sel.point,
    filter_class=sel.PointFilter,
    filters=(Filter("village", "村/社区", "village"),),
    columns=(*sel.POINT_COLUMNS,
             Column("说事员", lambda p: p.mediator_count, key="mediators", kind=numbers.COUNT)),
    url_of=sel.point_url,
)

MEDIATORS = Register(
    name="mediators",
    title="说事员名册",
    item="说事员",
    rows=sel.mediators,
    one=sel.mediator,
    filter_class=sel.MediatorFilter,
    filters=(
        Filter("q", "姓名"),
        Filter("village", "村/社区", "village"),
        Filter("kind", "身份", "select", tuple(Mediator.KINDS)),
    ),
    columns=(
        Column("姓名", lambda m: m.person.name, key="name"),
        Column("身份", lambda m: m.get_kind_display(), key="kind"),
        Column("评理说事点", lambda m: m.point.name, key="point"),
        Column("村/社区", lambda m: m.point.village.name, key="village"),
        Column("任职日期", lambda m: m.since, key="since", kind=date),
    ),
    url_of=lambda m: reverse("governance:mediation_point", args=[m.point_id]),
)

DISPUTES = Register(
    name="disputes",
    title="矛盾纠纷登记簿",
    item="矛盾纠纷",
    rows=sel.disputes,
    one=sel.dispute,
    filter_class=sel.DisputeFilter,
    filters=(
        Filter("q", "编号或当事人"),
        Filter("village", "村/社区", "village"),
        Filter("state", "状态", "select", tuple(STATES.items())),
        Filter("kind", "纠纷类型", "select", tuple(Dispute.KINDS)),
        Filter("level", "调解层级", "select", tuple(Dispute.LEVELS)),
        Filter("deadline", "时限", "select", (("overdue", "已超期"), ("near", sel.NEAR_LABEL))),
    ),
    columns=sel.DISPUTE_COLUMNS,
    url_of=sel.dispute_url,
    workflow=DISPUTE,
    workflow_roles=services.workflow_roles,
    description="调用者权限范围内发生的纠纷（升级到街道后本村仍可查看，只有所在层级可办理）",
)


def _create_point(actor, form, record):
    return services.create_point(actor=actor, **form.cleaned_data)


def _add_mediator(actor, form, record):
    d = form.cleaned_data
    services.add_mediator(actor=actor, point=record, person=d["person"], kind=d["kind"], since=d["since"])
    return record


def _party_person(actor, pk, i):
    if pk is None:
        return None
    person = sel.person_in_scope(actor=actor, pk=pk)
    if person is None:
        raise ValidationError({f"person_{i}": f"人员编号 {pk} 不存在或不在您的管辖范围内"})
    return person


def _register_dispute(actor, form, record):
    d = form.cleaned_data
    parties = [services.Party(d[f"party_{i}"], _party_person(actor, d[f"person_{i}"], i)) for i in (1, 2, 3)]
    group = OrgUnit.objects.filter(code=d["group"].strip(), level="group").first()
    return services.register_dispute(actor=actor, village=d["village"], level=d["level"], group=group,
                                     kind=d["kind"], description=d["description"], parties=parties,
                                     mediators=list(d["mediators"]))


def _attach(actor, form, record):
    d = form.cleaned_data
    services.attach(actor=actor, dispute=record, slot=d["slot"], upload=d["file"])
    return record


ADD_POINT = Action("", "新设评理说事点", PointForm, _create_point, access.MEDIATE)
ADD_MEDIATOR = Action("mediators", "添加说事员", MediatorForm, _add_mediator, access.MEDIATE,
                      description="返回评理说事点（说事员数已加一）")
ADD_DISPUTE = Action("", "登记矛盾纠纷", DisputeForm, _register_dispute, access.MEDIATE,
                     description="当事人至少两方（party_1、party_2，可填 person_N 关联人员）")
ATTACH = Action("files", "上传卷宗材料", FileForm, _attach, access.MEDIATE,
                form_kwargs=lambda actor, record: {},
                description="multipart：slot 为卷宗材料类别，file 为文件；返回纠纷详情")


def take_step(*, actor, record, transition, comment, data, uploads):
    return services.take_step(actor=actor, dispute=record, transition=transition, comment=comment, data=data)
