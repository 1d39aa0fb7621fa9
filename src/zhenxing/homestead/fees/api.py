"""有偿使用 over the API: the bill register, a bill's payments and reductions (from the module's register and
actions), and the yearly issue (a hand-written operation: it answers counts, not one record)."""

from ninja import Router, Schema

from zhenxing.homestead.fees import registers as r
from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action, form_schema, read_body, request_body
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地有偿使用"])


class Issued(Schema):
    village: str
    year: int
    created: int
    skipped: int


@router.post("/fee-bills/issue", response=Issued, summary="开具年度账单",
             description="按宗地记录计算一个村某年度的超占、一户多宅、非本集体成员使用账单；已开具的不会重复开具"
                         "（重发同一请求只会跳过）。输入错误返回 422，errors 按字段给出原因。",
             openapi_extra=request_body(form_schema(r.IssueForm), files=False))
def issue_fee_bills(request):
    access.require(request.actor, access.VIEW_PEOPLE)
    access.require(request.actor, access.MANAGE_HOMESTEAD)
    result = r.ISSUE.submit(request.actor, *read_body(request))
    return {**result, "village": result["village"].code}


# After the issue: /fee-bills/{record_id} would take the path first.
add_register(router, r.BILLS, app="homestead")
add_action(router, r.BILLS, r.PAY, app="homestead")
add_action(router, r.BILLS, r.REDUCE, app="homestead")
