"""吹哨报到's registers and writes, declared once beside the Open311 operations (cases.api): the case register
(its page, export and API list, stream and detail with the workflow) and the dispatch catalogue with its
create and edit."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.governance.cases import selectors as sel
from zhenxing.governance.cases import services
from zhenxing.governance.cases.forms import CategoryForm
from zhenxing.governance.cases.models import DispatchCategory
from zhenxing.governance.cases.workflows import CASE, OPEN
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

CASES = Register(
    name="cases",
    title="案件台账（吹哨报到）",
    item="案件",
    rows=sel.cases,
    one=sel.case,
    filter_class=sel.CaseFilter,
    # The page offers the actor's own catalogue and departments as lists; over the API they are ids.
    filters=(
        Filter("q", "案件编号或描述"),
        Filter("state", "状态", "select", tuple(CASE.states.items())),
        Filter("category", "事项类别（派单目录事项 id）"),
        Filter("village", "村/社区", "village"),
        Filter("department", "部门（部门 id：主办或协办）"),
        Filter("deadline", "时限", "select", (("overdue", "已超期"), ("near", "24小时内到期"))),
    ),
    columns=(
        Column("案件编号", lambda c: c.code, key="code"),
        Column("上报时间", lambda c: c.created_at, key="reported_at", kind=datetime),
        Column("村/社区", lambda c: c.village.name, key="village"),
        Column("事项类别", lambda c: c.category.name if c.category else "", key="category"),
        Column("主办部门", lambda c: c.lead_department.name if c.lead_department else "",
               key="lead_department"),
        Column("状态", lambda c: CASE.states.get(c.state, c.state), key="state_label"),
        Column("时限", lambda c: c.due_at if c.state in OPEN else None, key="deadline", kind=datetime),
        Column("超期", lambda c: "超期" if sel.is_overdue(c) else "", key="overdue"),
    ),
    url_of=lambda c: reverse("governance:case", args=[c.pk]),
    workflow=CASE,
    workflow_roles=services.roles_over,
    description="村、街道办理人员见辖区的案件，部门只见派给本部门的（主办或协办）",
)


@dataclass
class CategoryFilter:
    q: str = ""  # a name's words
    active: str = ""  # "yes" / "no"


def categories(*, actor, filters: CategoryFilter | None = None):
    access.require(actor, access.DISPATCH_CASE)
    f = filters or CategoryFilter()
    qs = services.catalogue(actor).select_related("county").prefetch_related("departments")
    if f.q:
        qs = qs.filter(name__contains=f.q.strip())
    if f.active in ("yes", "no"):
        qs = qs.filter(active=f.active == "yes")
    return qs.order_by("county__path", "name")


def category(*, actor, pk: int) -> DispatchCategory:
    return access.first_or_404(categories(actor=actor), pk=pk)


CATEGORIES = Register(
    name="categories",
    title="派单目录",
    item="派单目录事项",
    rows=categories,
    one=category,
    filter_class=CategoryFilter,
    filters=(Filter("q", "事项名称"), Filter("active", "启用", "select", (("yes", "启用"), ("no", "停用")))),
    columns=(
        Column("所属区县", lambda c: c.county.name if c.county else "各区县共用", key="county"),
        Column("事项名称", lambda c: c.name, key="name"),
        Column("紧急程度", lambda c: c.get_urgency_display(), key="urgency"),
        Column("责任部门", lambda c: "、".join(d.name for d in c.departments.all()), key="departments"),
        Column("报到时限（小时）", lambda c: c.response_hours, key="response_hours", kind=int),
        Column("办理时限", lambda c: c.limit_label, key="limit"),
        Column("启用", lambda c: c.active, key="active", kind=bool),
    ),
    url_of=lambda c: reverse("governance:category_edit", args=[c.pk]),
    description="调用者所在区县的事项和各区县共用的事项（派单权限）",
)


def _save_category(actor, form, record):
    d = form.cleaned_data
    return services.save_category(
        actor=actor, category=record, county=None if record else form.chosen_county(), name=d["name"],
        urgency=d["urgency"], departments=list(d["departments"]), response_hours=d["response_hours"],
        limit_hours=d["limit_hours"], limit_working_days=d["limit_working_days"], active=d["active"])


def _category_kwargs(actor, record):
    return {"actor": actor, "category": record}


ADD_CATEGORY = Action("", "新增派单目录事项", CategoryForm, _save_category, access.DISPATCH_CASE,
                      form_kwargs=_category_kwargs,
                      description="county 为区县的 id（或 shared：各区县共用），departments 为部门 id 列表")
EDIT_CATEGORY = Action("edit", "修改派单目录事项", CategoryForm, _save_category, access.DISPATCH_CASE,
                       form_kwargs=_category_kwargs,
                       description="给出全部字段（所属区县不变）；只有管理该区县事项的人可修改，否则 404")
