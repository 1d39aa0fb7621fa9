"""积分申报 over the API: claims with their approval steps and evidence, proposals generated from activities
and 三会一课, the meetings register, and 我的积分 (a villager's balance and entries) — derived from the
module's registers and actions, and the history page's selectors."""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from zhenxing.core import attachments
from zhenxing.core.feedback import whole_number
from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action, add_steps
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.schemas import FILE_RESPONSES
from zhenxing.points.claims import registers as r
from zhenxing.points.claims import selectors as sel
from zhenxing.points.claims import services
from zhenxing.points.dates import parse_day

router = Router(tags=["积分申报"])


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str = Field(..., description="下载地址（本接口）")


@router.get("/claims/{record_id}/files", response=list[EvidenceOut], summary="积分申报的佐证材料",
            operation_id="zhenxing_points_api_claims_files", description="不在权限范围内返回 404。")
def claim_files(request, record_id: int):
    claim = sel.claim(actor=request.actor, pk=record_id)
    return [{"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size,
             "url": f"/api/v1/points/claims/{claim.pk}/files/{a.pk}"} for a in sel.evidence(claim=claim)]


@router.get("/claims/{record_id}/files/{file_id}", summary="下载一份佐证材料",
            operation_id="zhenxing_points_api_claims_file", openapi_extra={"responses": FILE_RESPONSES},
            description="申报的一份佐证材料（与页面的下载相同）；不在权限范围内返回 404。")
def claim_file(request, record_id: int, file_id: int):
    att = sel.evidence_file(actor=request.actor, claim_pk=record_id, pk=file_id)
    return FileResponse(attachments.blob_path(att.sha256).open("rb"), content_type=att.content_type,
                        as_attachment=True, filename=att.name)


class GenerateIn(Schema):
    since: str = Field(..., max_length=10, description="起始日期 YYYY-MM-DD：此后的队伍活动和三会一课")


class GenerateOut(Schema):
    proposed: list[str] = Field(..., description="生成的申报编号")
    skipped: list[str] = Field(..., description="未生成的原因")


@router.post("/claims/generate", response=GenerateOut, summary="从队伍活动和三会一课生成申报",
             operation_id="zhenxing_points_api_claims_generate",
             description="同一活动只生成一次（重复调用不会重复申报）。日期有误返回 422。")
def generate(request, body: GenerateIn):
    access.require(request.actor, access.PROPOSE_POINTS)
    since = parse_day(body.since, "since", "起始日期")
    result = services.propose_from_activities(actor=request.actor, since=since)
    return {"proposed": [c.code for c in result.proposed], "skipped": [why for _, why in result.skipped]}


# --- 我的积分 and a holder's statement -------------------------------------------------------------------

class SchemeRef(Schema):
    code: str
    name: str


class EntryOut(Schema):
    id: int
    occurred_on: date
    kind: str = Field(..., description="opening=年度基础分/结转，claim=申报，redeem=兑换，reversal 等")
    summary: str = Field(..., description="摘要")
    category: str = Field(..., description="类别代码")
    category_name: str
    amount: int = Field(..., description="分值（兑换、扣分为负）")
    balance_after: int = Field(..., description="记账后余额")
    claim_code: str | None = Field(None, description="来自申报时的申报编号")
    reversed: bool = Field(..., description="已被冲正或退货")
    reversal: bool = Field(..., description="本条是冲正")


class StatementOut(Schema):
    holder_kind: Literal["household", "member"]
    holder_id: int
    holder: str = Field(..., description="户编号（户主）或党员姓名")
    schemes: list[SchemeRef] = Field(..., description="该积分对象适用的积分方案")
    scheme: SchemeRef | None
    year: int
    years: list[int] = Field(..., description="有账的年度")
    balance: int = Field(..., description="本年度余额")
    entries: list[EntryOut] = Field(..., description="本年度每一笔，先后为序")
    page_url: str


class StatementQuery(Schema):
    scheme: str = Field("", max_length=40, description="积分方案代码；默认第一个适用的方案")
    year: str = Field("", max_length=4, description="年度；默认今年")


def _statement(request, kind: str, holder, query: StatementQuery) -> dict:
    schemes = sel.schemes_for(holder)
    scheme = next((s for s in schemes if s.code == query.scheme), schemes[0] if schemes else None)
    if query.scheme and (scheme is None or scheme.code != query.scheme):
        raise ValidationError({"scheme": f"积分方案“{query.scheme}”不适用于该积分对象"})
    today = timezone.localdate()
    year = whole_number(query.year, 4) if query.year else today.year
    if year is None or not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应为四位数字"})
    statement = sel.statement(scheme=scheme, holder=holder, year=year) if scheme else None
    entries = statement.entries if statement else []
    if kind == "member":
        label = holder.person.name
    else:
        label = holder.number + (f"（户主 {holder.head.name}）" if holder.head_id else "")
    return {
        "holder_kind": kind, "holder_id": holder.pk, "holder": label,
        "schemes": [{"code": s.code, "name": s.name} for s in schemes],
        "scheme": {"code": scheme.code, "name": scheme.name} if scheme else None, "year": year,
        "years": sorted(set(sel.years_of(scheme, holder)) | {today.year}, reverse=True) if scheme else [],
        "balance": statement.balance if statement else 0,
        "entries": [{"id": e.pk, "occurred_on": e.occurred_on, "kind": e.kind,
                     "summary": ("年度基础分" + (f"（{e.memo}）" if e.memo else "")) if e.kind == "opening"
                     else e.memo, "category": e.category, "category_name": e.colour[0],
                     "amount": e.amount, "balance_after": e.balance_after,
                     "claim_code": e.claim.code if e.claim else None, "reversed": e.reversed,
                     "reversal": e.reverses_id is not None} for e in entries],
        "page_url": reverse("points:history", args=[kind, holder.pk]),
    }


@router.get("/mine", response=StatementOut, summary="我的积分（本户积分余额与明细）",
            operation_id="zhenxing_points_api_mine",
            description="村民本户的积分账户：余额和每一笔（同“我的积分”页面）。没有关联农户的账号返回 404。")
def mine(request, query: Query[StatementQuery]):
    own = sel.own_household(actor=request.actor)
    if own is None:
        raise Http404
    return _statement(request, "household", own, query)


HOLDER_HELP = ("某积分方案某年度的余额和每一笔（同积分明细页面）；"
               "工作人员看权限范围内的，村民看本户及本人的；其余 404。")


@router.get("/households/{holder_id}/points", response=StatementOut, summary="农户的积分明细",
            operation_id="zhenxing_points_api_household_statement", description=HOLDER_HELP)
def household_statement(request, holder_id: int, query: Query[StatementQuery]):
    return _statement(request, "household", sel.holder(actor=request.actor, kind="household", pk=holder_id),
                      query)


@router.get("/members/{holder_id}/points", response=StatementOut, summary="党员的积分明细",
            operation_id="zhenxing_points_api_member_statement", description=HOLDER_HELP)
def member_statement(request, holder_id: int, query: Query[StatementQuery]):
    return _statement(request, "member", sel.holder(actor=request.actor, kind="member", pk=holder_id), query)


# After /claims/generate: a path segment after /claims/ is a record id only when no route names it.
add_register(router, r.CLAIMS, app="points")
add_action(router, r.CLAIMS, r.PROPOSE, app="points")
add_steps(router, r.CLAIMS, app="points", act=r.take_step, capability=access.APPROVE_POINTS, files=False)
add_register(router, r.MEETINGS, app="points")
add_action(router, r.MEETINGS, r.RECORD_MEETING, app="points")
