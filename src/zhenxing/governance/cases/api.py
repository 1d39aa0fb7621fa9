"""Cases over the API, after Open311 GeoReport v2 where it fits: services are the dispatch catalogue,
requests are cases (status open/closed, as the standard has), with our own fields beside them
(`zx_state`, its label, the step's deadline). Steps beyond intake go through /cases/{id}/transitions/.

Open311 status: a case is `closed` once final (回访结案, 村级办结) and `open` before, 已反馈（待回访）
included; `status_notes` carries what the reporter was told (the 反馈) once given, else the result."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zhenxing.core import idempotency
from zhenxing.core.feedback import whole_number
from zhenxing.governance.cases import registers as r
from zhenxing.governance.cases import selectors, services
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.governance.cases.workflows import CASE
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.actions import add_action, add_steps
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.schemas import IsoDateTime, PageMeta, PageParams, paginate

router = Router(tags=["吹哨报到（Open311）"])
CASE_CAPABILITIES = (access.REPORT_CASE, access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE)
STATE_HELP = "、".join(f"{k}={v}" for k, v in CASE.states.items())
# The operation ids ninja gave these routes when they lived in governance/api.py: named here so that the
# schema (and clients generated from it) stays as it was.
OPERATION_ID = "zhenxing_governance_api_"


class ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool = False
    type: str = "realtime"
    keywords: str = ""
    group: str


class RequestOut(Schema):
    service_request_id: str
    status: str = Field(..., description="open 或 closed（Open311）")
    status_notes: str = Field(..., description="给反映人的反馈（已反馈后），否则办理结果")
    service_code: str | None
    service_name: str | None
    description: str
    agency_responsible: str | None = Field(None, description="主办部门")
    requested_datetime: datetime
    updated_datetime: datetime
    address: str
    lat: float | None
    long: float | None
    zx_id: int
    zx_state: str = Field(..., description="本平台的状态：" + STATE_HELP)
    zx_state_label: str
    zx_due_at: datetime | None = Field(None, description="本环节的办理时限")
    zx_village: str


class RequestPage(PageMeta):
    items: list[RequestOut]


class RequestQuery(Schema):
    service_code: str = Field("", description="事项编号（services 的 service_code）")
    status: str = Field("", description="open 或 closed")
    start_date: IsoDateTime | None = Field(None, description="上报时间不早于")
    end_date: IsoDateTime | None = Field(None, description="上报时间早于")


class RequestIn(Schema):
    service_code: str = Field("", description="事项编号；不知道可不填，由街道派单时确定")
    description: str
    place: str = Field(..., description="发生地的村或网格代码")
    address_string: str = ""
    lat: float | None = None
    long: float | None = None
    reporter_name: str = ""
    reporter_phone: str = ""


class CaseStepIn(Schema):
    comment: str = ""
    data: dict = Field(default_factory=dict,
                       description="该环节的字段，如 lead_department、result、feedback_method"
                                   "（phone/visit/sms/platform）与 feedback、satisfaction、evaluation")


def open311_status(state: str) -> str:
    """The standard's two statuses: every state before a final one is open (已反馈 awaits its visit)."""
    return "closed" if state in CASE.final else "open"


def request_out(c: Case) -> dict:
    return {
        "service_request_id": c.code, "status": open311_status(c.state),
        "status_notes": c.feedback or c.result, "service_code": str(c.category_id) if c.category_id else None,
        "service_name": c.category.name if c.category else None, "description": c.description,
        "agency_responsible": c.lead_department.name if c.lead_department else None,
        "requested_datetime": c.created_at, "updated_datetime": c.state_since, "address": c.location,
        "lat": c.lat, "long": c.lon, "zx_id": c.pk, "zx_state": c.state,
        "zx_state_label": CASE.states.get(c.state, c.state), "zx_due_at": c.due_at,
        "zx_village": c.village.name,
    }


@router.get("/open311/services", response=list[ServiceOut], summary="事项目录（Open311 services）",
            description="启用的派单事项；service_code 用于上报和筛选案件。无案件相关权限返回 404。",
            operation_id=OPERATION_ID + "services_list")
def services_list(request):
    if not any(request.actor.can(c) for c in CASE_CAPABILITIES):
        raise Http404
    active = services.catalogue(request.actor, CASE_CAPABILITIES).filter(active=True).order_by("name")
    return [{"service_code": str(c.pk), "service_name": c.name, "description": c.get_urgency_display(),
             "group": c.get_urgency_display()} for c in active]


@router.get("/open311/requests", response=RequestPage, summary="案件列表（Open311 requests）",
            description="调用者可见的案件（部门只见派给本部门的，村民只见本人上报的），分页。",
            operation_id=OPERATION_ID + "requests_list")
def requests_list(request, filters: Query[RequestQuery], pager: Query[PageParams]):
    # No DISTINCT: visible() filters by scope, reporter and a semi-join on departments, never by a join
    # that repeats a case; DISTINCT over every column cost a sort of the whole scope before the LIMIT
    # (60–100 ms for a district's 10,000 cases at a million, bench/cases.py).
    qs = selectors.visible(request.actor)
    if filters.service_code:
        qs = qs.filter(category_id=whole_number(filters.service_code) or 0)
    if filters.status == "open":
        qs = qs.exclude(state__in=CASE.final)
    elif filters.status == "closed":
        qs = qs.filter(state__in=CASE.final)
    if filters.start_date:
        qs = qs.filter(created_at__gte=filters.start_date)
    if filters.end_date:
        qs = qs.filter(created_at__lt=filters.end_date)
    return paginate(qs.order_by("-created_at", "-pk"), pager, request_out)


@router.get("/open311/requests/{case_id}", response=RequestOut, summary="案件详情",
            description="一件案件的状态、反馈和本环节时限；不存在或调用者看不到均返回 404。",
            operation_id=OPERATION_ID + "request_detail")
def request_detail(request, case_id: int):
    return request_out(selectors.case(actor=request.actor, pk=case_id))


@router.post("/open311/requests", response={201: RequestOut}, summary="上报事件（Open311 POST requests）",
             description="在权限范围内的村或网格（place）上报一件事；事项可不填，由街道派单时确定。"
                         "会话认证时须带 CSRF 令牌。输入错误返回 422，errors 按字段给出全部原因。"
                         + idempotency.HELP,
             operation_id=OPERATION_ID + "request_create")
def request_create(request, body: RequestIn):
    actor = request.actor
    access.require(actor, access.REPORT_CASE)

    def run():
        place = org_selectors.org_unit(actor=actor, code=body.place, capability=access.REPORT_CASE)
        category = None
        if body.service_code:
            category = DispatchCategory.objects.filter(pk=whole_number(body.service_code) or 0).first()
            if category is None:
                raise ValidationError({"service_code": f"事项“{body.service_code}”不存在"})
        source = "villager" if actor.roles == {"villager"} else "grid"
        case = services.report(actor=actor, place=place, source=source, description=body.description,
                               category=category, reporter_name=body.reporter_name,
                               reporter_phone=body.reporter_phone, location=body.address_string,
                               lon=body.long, lat=body.lat, now=timezone.now())
        return 201, request_out(case)

    # A phone that lost the answer sends the report again with its key: one case, the first answer.
    return Status(*idempotency.once(request, run))


@router.post("/cases/{case_id}/transitions/{name}", response=RequestOut, summary="办理案件的一个环节",
             description="whistle、dispatch、accept、return、resolve、feedback、close、reopen 等；"
                         "不能办理时返回 422 及原因。保留给已接入的客户端，答复为 Open311 格式；"
                         "新接入请用 /api/v1/governance/cases/{id}/transitions/{name}（可上传佐证材料，"
                         "答复含可办理环节和办理记录）。",
             operation_id=OPERATION_ID + "case_step", deprecated=True)
def case_step(request, case_id: int, name: str, body: CaseStepIn):
    case = selectors.case(actor=request.actor, pk=case_id)
    services.act(actor=request.actor, case=case, transition=name, comment=body.comment, data=body.data)
    return request_out(selectors.case(actor=request.actor, pk=case_id))


# --- the registers (issue 12): the case register, the dispatch catalogue, steps with evidence, the reveal

# Mounted under /governance/ (governance.api) beside the other modules' registers; the Open311 operations
# and /cases/{id}/transitions/ above stay where clients know them.
registers = Router(tags=["吹哨报到"])
add_register(registers, r.CASES, app="governance")
# Each step's capability differs (report, dispatch, work): services.act checks it, 404 without it.
add_steps(registers, r.CASES, app="governance", capability=None,
          act=lambda *, record, **step: services.act(case=record, **step))
add_register(registers, r.CATEGORIES, app="governance")
add_action(registers, r.CATEGORIES, r.ADD_CATEGORY, app="governance")
add_action(registers, r.CATEGORIES, r.EDIT_CATEGORY, app="governance")


class CasePhoneRevealed(Schema):
    reporter_phone: str = Field(..., description="反映人的完整电话")


@registers.post("/cases/{record_id}/reveal", response=CasePhoneRevealed, summary="查看反映人完整电话",
             operation_id=OPERATION_ID + "cases_reveal",
             description="需要查看个人信息的权限，每次查看留痕（与案件页面相同）；否则 404。")
def case_reveal(request, record_id: int):
    case = selectors.case(actor=request.actor, pk=record_id)
    return {"reporter_phone": services.reveal_reporter_phone(actor=request.actor, case=case)}
