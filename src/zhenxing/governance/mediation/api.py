"""评理说事 over the API: points and their 说事员, the dispute register with its steps, the 卷宗 (its files by
document, and uploading one) and the agreement, derived from the module's registers and actions; the
卷宗 and the agreement are written out by hand, as their pages are."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Router, Schema

from zhenxing.governance.mediation import registers as r
from zhenxing.governance.mediation import selectors
from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action, add_steps
from zhenxing.orgs.register_api import add_register

router = Router(tags=["评理说事"])
add_register(router, r.POINTS, app="governance")
add_action(router, r.POINTS, r.ADD_POINT, app="governance")
add_action(router, r.POINTS, r.ADD_MEDIATOR, app="governance")
add_register(router, r.MEDIATORS, app="governance")
add_register(router, r.DISPUTES, app="governance")
add_action(router, r.DISPUTES, r.ADD_DISPUTE, app="governance")
add_steps(router, r.DISPUTES, app="governance", act=r.take_step, capability=access.MEDIATE, files=False)
add_action(router, r.DISPUTES, r.ATTACH, app="governance")


class CaseFile(Schema):
    name: str
    url: str = Field(..., description="下载地址（页面的）")
    created_at: datetime


class CaseFileSlot(Schema):
    slot: str
    label: str
    present: bool = Field(..., description="已有材料（上传的文件，或登记、协议、回访本身的记录）")
    files: list[CaseFile]


class Agreement(Schema):
    code: str
    kind: str
    description: str
    parties: list[str]
    agreed: bool = Field(..., description="已达成协议；否则其余协议字段为空")
    agreement: str = Field(..., description="协议形式：书面协议或口头协议")
    agreement_text: str
    way: str = Field(..., description="评理方式")
    mediators: list[str]
    organisation: str = Field(..., description="调解组织（评理说事点，或村/社区）")
    agreed_at: datetime | None


@router.get("/disputes/{record_id}/case-file", response=list[CaseFileSlot], summary="纠纷卷宗（按材料类别）",
            operation_id="zhenxing_governance_api_disputes_case_file",
            description="人民调解卷宗的各类材料及已上传的文件，与纠纷页面相同；不在权限范围内返回 404。")
def dispute_case_file(request, record_id: int):
    d = selectors.dispute(actor=request.actor, pk=record_id)
    return [{**slot, "files": [{"name": f.name, "created_at": f.created_at,
                                "url": reverse("governance:dispute_file", args=[d.pk, f.pk])}
                               for f in slot["files"]]} for slot in selectors.case_file(d)]


@router.get("/disputes/{record_id}/agreement", response=Agreement, summary="人民调解协议书",
            operation_id="zhenxing_governance_api_disputes_agreement",
            description="协议书的内容，与可打印的协议书页面相同；不在权限范围内返回 404。")
def dispute_agreement(request, record_id: int):
    d = selectors.dispute(actor=request.actor, pk=record_id)
    point = getattr(d.village, "mediation_point", None)
    return {"code": d.code, "kind": d.get_kind_display(), "description": d.description,
            "parties": [p.name for p in d.parties.all()], "agreed": bool(d.agreement),
            "agreement": d.get_agreement_display(), "agreement_text": d.agreement_text,
            "way": d.get_way_display(), "organisation": point.name if point else d.village.name,
            "mediators": [m.person.name for m in d.mediators.select_related("person")],
            "agreed_at": d.agreed_at}
