"""Pages of the party member teams: the register, a team with its members and activities, the forms."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors
from zhenxing.governance.teams import registers as r
from zhenxing.governance.teams import selectors
from zhenxing.governance.teams.models import Activity, Team, TeamMember
from zhenxing.orgs import access


def teams(request):
    links = [(reverse("governance:team_new"), "新建队伍")] if request.actor.can(access.MANAGE_TEAMS) else []
    return r.TEAMS.page(request, links=links)


def team_new(request):
    actor = request.actor
    access.require(actor, access.MANAGE_TEAMS)
    values = {k: request.POST.get(k, "") for k in ("unit", "name", "kind", "founded_on", "description")}
    if request.method == "POST":
        try:
            team = r.ADD_TEAM.submit(actor, request.POST)
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


def _write(request, pk, action, done):
    """A team page's form: the team's action, its outcome flashed (`done(form, team)`), back to the team."""
    obj = selectors.team(actor=request.actor, pk=pk)
    access.require(request.actor, action.capability, obj.path)
    form = action.bind(request.actor, request.POST, record=obj)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        action.perform(request.actor, form, obj)
        messages.success(request, done(form, obj))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:team", obj.pk)


@require_POST
def member_add(request, pk):
    return _write(request, pk, r.ADD_MEMBER,
                  lambda form, team: f"{form.cleaned_data['person'].name}已加入{team.name}。")


@require_POST
def activity_add(request, pk):
    return _write(request, pk, r.ADD_ACTIVITY, lambda form, team: "活动已记录。")
