"""自愿有偿退出's register, writes and steps, declared once: the pages, their Excel export and the API derive
from these (orgs.registers, orgs.actions)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.homestead.exits import selectors as sel
from zhenxing.homestead.exits import services
from zhenxing.homestead.exits.indicators import EXIT_COLUMNS, exit_url
from zhenxing.homestead.exits.workflows import EXIT
from zhenxing.homestead.fieldforms import Field, form_of, parse_date
from zhenxing.homestead.parcels import selectors as parcel_selectors
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

EXITS = Register(
    name="exits",
    title="宅基地自愿有偿退出",
    item="退出申请",
    rows=sel.exits,
    one=sel.exit_application,
    filter_class=sel.ExitFilter,
    filters=(
        Filter("q", "申请编号、宗地代码或户主"),
        Filter("village", "村/社区", "village"),
        Filter("state", "状态", "select", tuple(EXIT.states.items())),
    ),
    columns=EXIT_COLUMNS,
    url_of=exit_url,
    workflow=EXIT,
    workflow_roles=lambda actor, e: services.roles_over(actor, e.path),
)

VALUATION_FIELDS = [
    Field("house_value_yuan", "房屋价值（元）", "money"),
    Field("land_value_yuan", "土地价值（元）", "money"),
    Field("eligibility_value_yuan", "资格权价值（元）", "money", help="保留资格权的填0"),
    Field("reward_yuan", "奖励（元）", "money", help="无奖励填0"),
    Field("keeps_eligibility", "保留资格权（今后仍可申请宅基地）", "checkbox", required=False),
    Field("reason", "退出原因", "textarea", required=False),
]
PARCEL_FIELD = Field("parcel", "宗地代码", help="19位宗地代码；退出户为该宗地的权利人户")
NewExitForm = form_of("NewExitForm", [PARCEL_FIELD, *VALUATION_FIELDS])
ValuationForm = form_of("ValuationForm", VALUATION_FIELDS)


def valuation(data: dict) -> services.Valuation:
    return services.Valuation(**{f.name: data.get(f.name) for f in VALUATION_FIELDS})


# Only a village files and edits (services.can_file): elsewhere the page is not there, and the API says 404.
def _file(actor, form, record):
    if not services.can_file(actor):
        raise Http404
    code = form.cleaned_data["parcel"]
    parcel = parcel_selectors.parcel_by_code(actor=actor, code=code)
    if parcel is None:
        raise ValidationError({"parcel": f"宗地代码：在您的管辖范围内找不到宗地“{code.strip()}”"})
    return services.file_exit(actor=actor, parcel=parcel, valuation=valuation(form.cleaned_data))


def _edit(actor, form, record):
    if not services.can_file(actor, record.path):
        raise Http404
    return services.edit_exit(actor=actor, record=record, valuation=valuation(form.cleaned_data))


FILE_EXIT = Action("", "申报自愿有偿退出", NewExitForm, _file, access.VIEW_PEOPLE, idempotent=True,
                   description="退出户为宗地的权利人户；补偿总额为各项评估金额之和；登记后为待提交")
EDIT_EXIT = Action("edit", "修改退出申请", ValuationForm, _edit, access.VIEW_PEOPLE,
                   description="只有待提交的申请可以修改")


def take_step(*, actor, record, transition, comment, data, uploads):
    """One step of EXIT as the page takes it; `pay` reads data.amount and data.paid_on."""
    paid_on = parse_date(str(data.get("paid_on") or ""))
    return services.advance_exit(actor=actor, record=record, transition=transition, comment=comment,
                                 amount=data.get("amount"), paid_on=paid_on)
