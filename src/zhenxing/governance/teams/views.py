"""Pages of the party member teams: the register, a team with its members and activities, the forms."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.core.indicators import Column
from zhenxing.governance.dates import day
from zhenxing.governance.teams import selectors, services
from zhenxing.governance.teams.models import Activity, Team, TeamMember
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.registers import query_filter, register_page
from zhenxing.people import selectors as people_selectors

TEAM_COLUMNS = (
    Column("队伍名称", lambda t: t.name),
    Column("类型", lambda t: t.get_kind_display()),
    Column("所属单位", lambda t: t.org_unit.name),
    Column("队员", lambda t: t.member_count),
    Column("活动次数", lambda t: t.activity_count),
    Column("成立日期", lambda t: t.founded_on),
)


def teams(request):
    f = query_filter(selectors.TeamFilter, request.GET)
    links = [(reverse("governance:team_new"), "新建队伍")] if request.actor.can(access.MANAGE_TEAMS) else []
    return register_page(
        request, title="党员服务队与突击队", queryset=selectors.teams(actor=request.actor, filters=f),
        columns=TEAM_COLUMNS, url_of=lambda t: reverse("governance:team", args=[t.pk]),
        filters=[("q", "队伍名称", "text", None, f.q), ("village", "村/街道", "village", None, f.village),
                 ("kind", "类型", "select", Team.KINDS, f.kind)],
        links=links,
    )


def team_new(request):
    actor = request.actor
    access.require(actor, access.MANAGE_TEAMS)
    values = {k: request.POST.get(k, "") for k in ("unit", "name", "kind", "founded_on", "description")}
    if request.method == "POST":
        try:
            unit = org_selectors.org_unit(actor=actor, code=values["unit"], capability=access.MANAGE_TEAMS)
        except Http404:
            unit = None
        try:
            if unit is None:
                raise ValidationError({"unit": f"单位“{values['unit']}”不存在或不在您的管辖范围内"})
            team = services.create_team(
                actor=actor, org_unit=unit, name=values["name"], kind=values["kind"],
                founded_on=day(values["founded_on"]), description=values["description"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            return redirect("governance:team", team.pk)
    return render(request, "governance/teams/new.html", {"values": values, "kinds": Team.KINDS},
                  status=400 if request.method == "POST" else 200)


def team(request, pk):
    obj = selectors.team(actor=request.actor, pk=pk)
    manage = request.actor.can(access.MANAGE_TEAMS, obj.path)
    return render(request, "governance/teams/team.html", {
        "team": obj, "members": selectors.members(team=obj),
        "activities": selectors.activities(team=obj)[:50],
        "manage": manage, "candidates": selectors.candidates(actor=request.actor, team=obj) if manage else [],
        "roles": TeamMember.ROLES, "kinds": Activity.KINDS, "today": date.today(),
    })


@require_POST
def member_add(request, pk):
    obj = selectors.team(actor=request.actor, pk=pk)
    try:
        chosen = whole_number(request.POST.get("person")) or 0
        person = people_selectors.person(actor=request.actor, pk=chosen)
    except Http404:
        person = None
    try:
        if person is None:
            raise ValidationError({"person": "请选择队员"})
        services.add_member(actor=request.actor, team=obj, person=person, role=request.POST.get("role", ""),
                            joined_on=day(request.POST.get("joined_on", "")))
        messages.success(request, f"{person.name}已加入{obj.name}。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:team", obj.pk)


@require_POST
def activity_add(request, pk):
    obj = selectors.team(actor=request.actor, pk=pk)
    hours = {}
    for key, value in request.POST.items():
        person = whole_number(key.removeprefix("hours_")) if key.startswith("hours_") else None
        if person is not None and value.strip():
            hours[person] = value
    try:
        post = request.POST
        services.record_activity(
            actor=request.actor, team=obj, kind=post.get("kind", ""), title=post.get("title", ""),
            held_on=day(post.get("held_on", "")), place=post.get("place", ""),
            description=post.get("description", ""), hours=hours,
        )
        messages.success(request, "活动已记录。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:team", obj.pk)
