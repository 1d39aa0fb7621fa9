"""申请审批 endpoints: applications with their checks, history and steps. Every read goes through the same
selectors as the pages, so the API sees exactly what the pages see."""

import json

import shapely
from django.core.exceptions import ValidationError
from ninja import Query, Router, Status

from zhenxing.core import idempotency, workflow
from zhenxing.homestead.applications import schemas as s
from zhenxing.homestead.applications import selectors as app_selectors
from zhenxing.homestead.applications import services as app_services
from zhenxing.homestead.applications.registers import APPLICATIONS
from zhenxing.homestead.applications.workflows import APPLICATION
from zhenxing.homestead.parcels.schemas import geometry_out
from zhenxing.orgs import access, names
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.schemas import PageParams, paginate

router = Router(tags=["宅基地"])
# The register's data-exchange stream, before the hand-written `/{id}` route that would take "export".
add_register(router, APPLICATIONS, app="homestead", parts=("export",))


@router.get("/applications", response=s.ApplicationPage, summary="宅基地申请",
            description="调用者可见的申请（村民只见本户），可按编号/户主、单位、状态、时限筛选，分页。")
def list_applications(request, filters: Query[s.ApplicationQuery], pager: Query[PageParams]):
    f = app_selectors.ApplicationFilter(q=filters.q, village=filters.village, state=filters.state or "",
                                        deadline=filters.deadline or "")
    qs = app_selectors.applications(actor=request.actor, filters=f).select_related("parcel")
    return paginate(qs, pager, s.application_out)


def _detail(request, app) -> dict:
    roles = app_services.workflow_roles(request.actor, app)
    return {
        **s.application_out(app), "reason": app.reason, "location": app.location,
        "geometry": geometry_out(app.geometry),
        "checks": [vars(c) for c in app_selectors.checks_shown(request.actor, app, roles) or []],
        "history": [{"transition": h.transition, "from_state": h.from_state, "to_state": h.to_state,
                     "actor": h.actor.get_username() if h.actor else None, "actor_name": names.who(h.actor),
                     "comment": h.comment, "data": h.data,
                     "created_at": h.created_at} for h in workflow.history(app).select_related("actor")],
        "transitions": [{"name": t.name, "label": t.label, "required_fields": list(t.required_fields),
                         "required_attachments": t.required_attachments,
                         "comment_required": t.comment_required}
                        for t in APPLICATION.available(app.state, roles)],
    }


@router.get("/applications/{application_id}", response=s.ApplicationDetail, summary="申请详情",
            description="申请的信息、自动核查结果、办理记录和调用者当前可办理的环节。")
def get_application(request, application_id: int):
    return _detail(request, app_selectors.application(actor=request.actor, pk=application_id))


@router.post("/applications", response={201: s.ApplicationDetail}, summary="新建申请",
             description="建立待提交的申请；用地范围为 GeoJSON 面（EPSG:4490）。"
                         "上传材料后经 submit 环节提交。" + idempotency.HELP)
def create_application(request, body: s.ApplicationIn):
    actor = request.actor
    access.require(actor, access.APPLY_HOMESTEAD)

    def run():
        try:
            geometry = shapely.from_geojson(json.dumps(body.geometry))
        except shapely.errors.GEOSException:
            raise ValidationError({"geometry": "用地范围不是有效的 GeoJSON 面"}) from None
        household = app_selectors.household_to_apply_for(actor=actor, number=body.household)
        app = app_services.file_application(
            actor=actor, household=household, kind=body.kind, reason=body.reason, location=body.location,
            geometry=geometry, building_area_m2=body.building_area_m2, floors=body.floors,
            old_parcel=app_selectors.old_parcel(code=body.old_parcel, household=household),
            sides={"east": body.east, "south": body.south, "west": body.west, "north": body.north},
        )
        return 201, _detail(request, app)

    return Status(*idempotency.once(request, run))


@router.post("/applications/{application_id}/transitions/{name}", response=s.ApplicationDetail,
             summary="办理一个环节",
             description="按流程办理（如 submit、group_agree、publicity_end、village_pass、joint_pass、"
                         "approve、"
                         "stake_out、inspect、register、退回类环节）；不能办理时返回 422 及原因。")
def take_step(request, application_id: int, name: str, body: s.StepIn):
    app = app_selectors.application(actor=request.actor, pk=application_id)
    app = app_services.take_step(actor=request.actor, application=app, transition=name, comment=body.comment,
                                 data=body.data, attachment_ids=body.attachment_ids)
    return _detail(request, app)
