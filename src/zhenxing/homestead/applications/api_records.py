"""申请审批 endpoints for what the application page offers besides the steps: its files (upload, list,
download), 公示 objections (record, resolve), the departments' 联审 opinions (sign) and the papers it has
reached (批准书, 验收意见表). The writes go through the page's own forms and services (actions.py)."""

from typing import Literal

from django.http import FileResponse
from ninja import Field, Query, Router, Schema, Status

from zhenxing.core import attachments
from zhenxing.homestead.applications import actions, documents
from zhenxing.homestead.applications import schemas as s
from zhenxing.homestead.applications import selectors as app_selectors
from zhenxing.homestead.applications import services as app_services
from zhenxing.orgs.actions import form_schema, read_body, request_body, takes_files
from zhenxing.orgs.schemas import FILE_RESPONSES

router = Router(tags=["宅基地"])
BASE = "/applications/{application_id}"
REFUSED = "输入错误或不能办理时返回 422，errors 按字段给出全部原因；申请不存在或不可见时返回 404。"


def _body(action) -> dict:
    return request_body(form_schema(action.form), takes_files(action.form))


def _submit(request, action, app, record=None):
    actions.gate(request.actor, action, app)
    record = app if record is None else record
    return action.submit(request.actor, *read_body(request), record=record)


@router.get(f"{BASE}/files", response=list[s.FileOut], summary="申请材料",
            description="申请的全部材料，先传的在前。")
def list_files(request, application_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return [s.file_out(app.pk, f) for f in app_services.files(app)]


@router.post(f"{BASE}/files", response={201: s.FileOut}, summary=actions.ATTACH.summary,
             description=actions.ATTACH.description + "。" + REFUSED, openapi_extra=_body(actions.ATTACH))
def upload_file(request, application_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return Status(201, s.file_out(app.pk, _submit(request, actions.ATTACH, app)))


@router.get(f"{BASE}/files/{{file_id}}", summary="下载申请材料", url_name="homestead_application_file",
            description="申请的一份材料（与页面的下载相同）；不在权限范围内返回 404。",
            openapi_extra={"responses": FILE_RESPONSES})
def download_file(request, application_id: int, file_id: int):
    att = app_selectors.application_file(actor=request.actor, application_pk=application_id, pk=file_id)
    return FileResponse(attachments.blob_path(att.sha256).open("rb"), content_type=att.content_type,
                        as_attachment=True, filename=att.name)


@router.get(f"{BASE}/objections", response=list[s.ObjectionOut], summary="公示异议",
            description="公示期间登记的异议及其处理。")
def list_objections(request, application_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return [s.objection_out(o) for o in app.objections.all()]


@router.post(f"{BASE}/objections", response={201: s.ObjectionOut}, summary=actions.ADD_OBJECTION.summary,
             description=actions.ADD_OBJECTION.description + "。" + REFUSED,
             openapi_extra=_body(actions.ADD_OBJECTION))
def add_objection(request, application_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return Status(201, s.objection_out(_submit(request, actions.ADD_OBJECTION, app)))


@router.post(f"{BASE}/objections/{{objection_id}}/resolve", response=s.ObjectionOut,
             summary=actions.RESOLVE_OBJECTION.summary,
             description=actions.RESOLVE_OBJECTION.description + "。" + REFUSED,
             openapi_extra=_body(actions.RESOLVE_OBJECTION))
def resolve_objection(request, application_id: int, objection_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    objection = actions.objection_of(app, objection_id)
    return s.objection_out(_submit(request, actions.RESOLVE_OBJECTION, app, objection))


@router.get(f"{BASE}/opinions", response=list[s.OpinionOut], summary="联审意见",
            description="各轮街道联审中各部门签署的意见。")
def list_opinions(request, application_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return [s.opinion_out(o) for o in app.opinions.select_related("department")]


@router.post(f"{BASE}/opinions", response={201: s.OpinionOut}, summary=actions.SIGN_OPINION.summary,
             description=actions.SIGN_OPINION.description + "。" + REFUSED,
             openapi_extra=_body(actions.SIGN_OPINION))
def sign_opinion(request, application_id: int):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return Status(201, s.opinion_out(_submit(request, actions.SIGN_OPINION, app)))


class DocumentQuery(Schema):
    format: Literal["pdf", "docx"] = Field("pdf", description="pdf 或 docx（Word）")


DOCUMENT_RESPONSES = {200: {"description": "文书文件", "content": {
    kind: {"schema": {"type": "string", "format": "binary"}} for kind in documents.TYPES.values()}}}


@router.get(f"{BASE}/documents/{{document}}", summary="下载审批文书",
            description="approval=农村宅基地批准书（批准后）、acceptance=验收意见表（验收后）；"
                        "申请尚未到该环节时返回 404。",
            openapi_extra={"responses": DOCUMENT_RESPONSES})
def download_document(request, application_id: int, document: Literal["approval", "acceptance"],
                      query: Query[DocumentQuery]):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    return documents.answer(app, document, query.format)
