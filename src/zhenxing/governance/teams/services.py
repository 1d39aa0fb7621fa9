"""Writes of the party member teams: a team, its members, and an activity with each member's hours."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhenxing.core import audit, audit_labels
from zhenxing.governance.dates import past_problem
from zhenxing.governance.teams.models import Activity, ActivityHours, Team, TeamMember
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person

audit_labels.declare({
    "governance.team.create": "新建党员队伍",
    "governance.team.member": "添加队员",
    "governance.team.activity": "登记队伍活动",
}, keys={"people": "参与人数", "hours": "时长合计（小时）"})

MAX_HOURS = Decimal("24")


def _past(day: date | None, field: str, label: str) -> date:
    problem = past_problem(day, label)
    if problem:
        raise ValidationError({field: problem})
    return day


@transaction.atomic
def create_team(*, actor, org_unit: OrgUnit, name: str, kind: str, founded_on: date | None,
                description: str = "") -> Team:
    access.require(actor, access.MANAGE_TEAMS, org_unit.path)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写队伍名称"
    if kind not in dict(Team.KINDS):
        errors["kind"] = "请选择队伍类型"
    if org_unit.level not in ("town", "village"):
        errors["org_unit"] = "队伍建在街道（乡镇）或村（社区）"
    if errors:
        raise ValidationError(errors)
    founded_on = _past(founded_on, "founded_on", "成立日期")
    try:
        with transaction.atomic():
            team = Team.objects.create(name=name.strip(), kind=kind, org_unit=org_unit, path=org_unit.path,
                                       founded_on=founded_on, description=(description or "").strip())
    except IntegrityError:
        raise ValidationError({"name": f"{org_unit.name}已有名为“{name.strip()}”的队伍"}) from None
    audit.record(actor=actor.user, action="governance.team.create", obj=team,
                 changes={"name": team.name, "kind": kind, "unit": org_unit.code})
    return team


@transaction.atomic
def add_member(*, actor, team: Team, person: Person, role: str = "member",
               joined_on: date | None) -> TeamMember:
    access.require(actor, access.MANAGE_TEAMS, team.path)
    if not person.path.startswith(team.path):
        raise ValidationError({"person": f"{person.name}不在{team.org_unit.name}范围内"})
    if role not in dict(TeamMember.ROLES):
        raise ValidationError({"role": "请选择职务"})
    joined_on = _past(joined_on, "joined_on", "入队日期")
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, person=person, role=role, joined_on=joined_on)
    except IntegrityError:
        raise ValidationError({"person": f"{person.name}已是本队队员"}) from None
    audit.record(actor=actor.user, action="governance.team.member", obj=team,
                 changes={"person": person.pk, "role": role})
    return member


def _hours(raw, name: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": f"{name}的时长应为数字"}) from None
    if not value.is_finite() or not Decimal("0") < value <= MAX_HOURS:
        raise ValidationError({"hours": f"{name}的时长应在 0–{MAX_HOURS} 小时之间"})
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def record_activity(*, actor, team: Team, kind: str, title: str, held_on: date | None, place: str = "",
                    description: str = "", hours: dict[int, object]) -> Activity:
    """An activity and each taking part member's hours ({person id: hours}); members only."""
    access.require(actor, access.MANAGE_TEAMS, team.path)
    errors = {}
    if kind not in dict(Activity.KINDS):
        errors["kind"] = "请选择活动类型"
    if not (title or "").strip():
        errors["title"] = "请填写活动名称"
    if errors:
        raise ValidationError(errors)
    held_on = _past(held_on, "held_on", "活动日期")
    current = team.members.filter(left_on__isnull=True).select_related("person")
    members = {m.person_id: m.person for m in current}
    if not hours:
        raise ValidationError({"hours": "请至少填写一名队员的参与时长"})
    outsiders = [pk for pk in hours if pk not in members]
    if outsiders:
        raise ValidationError({"hours": "参与人须为本队现有队员"})
    checked = {pk: _hours(raw, members[pk].name) for pk, raw in hours.items()}
    activity = Activity.objects.create(
        team=team, path=team.path, kind=kind, title=title.strip(), held_on=held_on,
        place=(place or "").strip(), description=(description or "").strip(), recorded_by=actor.user,
    )
    ActivityHours.objects.bulk_create(
        [ActivityHours(activity=activity, person_id=pk, path=team.path, hours=h) for pk, h in checked.items()]
    )
    audit.record(actor=actor.user, action="governance.team.activity", obj=team,
                 changes={"title": activity.title, "kind": kind, "people": len(checked),
                          "hours": str(sum(checked.values()))})
    return activity
