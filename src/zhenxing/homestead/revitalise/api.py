"""闲置盘活 over the API: the idle register with its surveys, and the projects with the parcels they use,
derived from the module's registers and actions; the two lists a record's page shows are hand-written."""

from django.urls import reverse
from ninja import Router

from zhenxing.homestead.revitalise import registers as r
from zhenxing.homestead.revitalise import selectors as sel
from zhenxing.homestead.revitalise.schemas import ProjectParcelOut, SurveyOut
from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地闲置盘活"])
add_register(router, r.IDLE, app="homestead")
add_action(router, r.IDLE, r.RECORD_SURVEY, app="homestead")


@router.get("/idle/{record_id}/surveys", response=list[SurveyOut], summary="宗地的闲置调查",
            operation_id="zhenxing_homestead_api_idle_surveys",
            description="宗地的全部闲置调查，最近的在前；宗地不存在或不在权限范围内返回 404。")
def parcel_surveys(request, record_id: int):
    parcel = sel.parcel(actor=request.actor, pk=record_id)
    return [{"id": s.pk, "surveyed_on": s.surveyed_on, "idle_kind": s.idle_kind,
             "idle_kind_label": s.get_idle_kind_display(), "condition": s.condition,
             "condition_label": s.get_condition_display(), "intention": s.intention,
             "intention_label": s.get_intention_display(), "surveyor": s.surveyor, "note": s.note}
            for s in sel.surveys(parcel=parcel)]


add_register(router, r.PROJECTS, app="homestead")
add_action(router, r.PROJECTS, r.ADD_PROJECT, app="homestead")
add_action(router, r.PROJECTS, r.EDIT_PROJECT, app="homestead")
add_action(router, r.PROJECTS, r.LINK_PARCEL, app="homestead")
add_action(router, r.PROJECTS, r.UNLINK_PARCEL, app="homestead")


@router.get("/projects/{record_id}/parcels", response=list[ProjectParcelOut], summary="盘活项目的宗地",
            operation_id="zhenxing_homestead_api_projects_parcels",
            description="项目使用的宗地：在用的（released_on 为 null）在前，再是已退出的。片区项目可含本街道"
                        "其他村的宗地，不在调用者权限范围内的只给代码和村名，url 为 null。")
def project_parcels(request, record_id: int):
    project = sel.project(actor=request.actor, pk=record_id)
    links = [*sel.project_links(project=project), *sel.project_links(project=project, current=False)]
    return [{"parcel_id": link.parcel_id, "code": link.parcel.code, "village": link.parcel.village.name,
             "location": link.parcel.location, "area_m2": link.parcel.area_m2, "linked_on": link.linked_on,
             "released_on": link.released_on,
             "url": reverse("homestead:idle_parcel", args=[link.parcel_id])
             if request.actor.can(access.VIEW_PEOPLE, link.parcel.path) else None}
            for link in links]
