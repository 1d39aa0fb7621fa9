"""党员队伍 over the API: the teams register and its writes (a team, a member, an activity with each member's
volunteer hours) derived from the module's declarations; a team's members with their hours and its
activities are written out by hand, as the team's page shows them."""

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema

from zhenxing.governance.teams import registers as r
from zhenxing.governance.teams import selectors
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["党员队伍"])
add_register(router, r.TEAMS, app="governance")
add_action(router, r.TEAMS, r.ADD_TEAM, app="governance")
add_action(router, r.TEAMS, r.ADD_MEMBER, app="governance")
add_action(router, r.TEAMS, r.ADD_ACTIVITY, app="governance")


class TeamMemberOut(Schema):
    person_id: int
    name: str
    role: str = Field(..., description="职务")
    joined_on: date
    total_hours: Decimal = Field(..., description="在本队活动中累计的服务时长（小时）")


class HoursOut(Schema):
    person_id: int
    name: str
    hours: Decimal


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    held_on: date
    place: str
    description: str
    people: int = Field(..., description="参与人数")
    total_hours: Decimal
    hours: list[HoursOut]


@router.get("/teams/{record_id}/members", response=list[TeamMemberOut], summary="队伍的现有队员及服务时长",
            operation_id="zhenxing_governance_api_teams_members_list",
            description="与队伍页面相同；不在权限范围内返回 404。")
def team_members(request, record_id: int):
    team = selectors.team(actor=request.actor, pk=record_id)
    return [{"person_id": m.person_id, "name": m.person.name, "role": m.get_role_display(),
             "joined_on": m.joined_on, "total_hours": m.total_hours} for m in selectors.members(team=team)]


@router.get("/teams/{record_id}/activities", response=list[ActivityOut], summary="队伍的活动及每人服务时长",
            operation_id="zhenxing_governance_api_teams_activities_list",
            description="最近 50 次，按日期从近到远，与队伍页面相同；不在权限范围内返回 404。")
def team_activities(request, record_id: int):
    team = selectors.team(actor=request.actor, pk=record_id)
    rows = list(selectors.activities(team=team).prefetch_related("hours__person")[:50])
    return [{"id": a.pk, "kind": a.kind, "kind_label": a.get_kind_display(), "title": a.title,
             "held_on": a.held_on, "place": a.place, "description": a.description, "people": a.people,
             "total_hours": a.total or 0,
             "hours": [{"person_id": h.person_id, "name": h.person.name, "hours": h.hours}
                       for h in a.hours.all()]}
            for a in rows]
