"""Pages of the service teams: the register, founding a team, a team with its members, missions and
each member's hours."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.core.indicators import Column
from zhenxing.governance import selectors_teams as selectors
from zhenxing.governance import services_teams as services
from zhenxing.governance.models import Mission, ServiceTeam, TeamMember
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.registers import query_filter, register_page


def teams(request):
    f = query_filter(selectors.TeamFilter, request.GET)
    links = [(reverse("governance:team_new"), "组建队伍")] if request.actor.can(access.MANAGE_TEAMS) else []
    return register_page(
        request, title="党员服务队与突击队", queryset=selectors.teams(actor=request.actor, filters=f),
        columns=(*selectors.TEAM_COLUMNS, Column("队员", lambda t: t.member_count),
                 Column("任务与活动", lambda t: t.mission_count)),
        url_of=selectors.team_url,
        filters=[("q", "名称", "text", None, f.q), ("village", "村/社区", "village", None, f.village),
                 ("kind", "类型", "select", ServiceTeam.KINDS, f.kind)],
        links=links)


UNIT_ERRORS = {"required": "请选择所属单位", "invalid_choice": "请选择所属单位"}


class TeamForm(forms.Form):
    org_unit = forms.ModelChoiceField(OrgUnit.objects.none(), label="所属单位", error_messages=UNIT_ERRORS)
    kind = forms.ChoiceField(label="类型", choices=ServiceTeam.KINDS)
    name = forms.CharField(label="名称", max_length=100, required=False)
    founded_on = forms.DateField(label="成立日期", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"invalid": "成立日期格式应为 YYYY-MM-DD"})


def team_new(request):
    actor = request.actor
    access.require(actor, access.MANAGE_TEAMS)
    form = TeamForm(request.POST or None)
    units = access.scoped(OrgUnit.objects.filter(level__in=("county", "town", "village")), actor,
                          access.MANAGE_TEAMS).order_by("path")[:500]
    form.fields["org_unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
    if request.method == "POST" and form.is_valid():
        try:
            team = services.found_team(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("governance:team", team.pk)
    return render(request, "governance/teams/form.html", {"form": form, "title": "组建党员服务队或突击队"})


def team(request, pk):
    t = selectors.team(actor=request.actor, pk=pk)
    members = list(selectors.members_with_hours(t))
    return render(request, "governance/teams/team.html", {
        "team": t, "members": members, "missions": selectors.missions(t),
        "can_edit": request.actor.can(access.MANAGE_TEAMS, t.path), "roles": TeamMember.ROLES,
        "kinds": Mission.KINDS})


def _date(raw):
    try:
        return forms.DateField().clean(raw or None)
    except ValidationError:
        return None


@require_POST
def member_add(request, pk):
    t = selectors.team(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_TEAMS, t.path)
    person = selectors.person_in_scope(actor=request.actor, pk=whole_number(request.POST.get("person")))
    try:
        services.add_member(actor=request.actor, team=t, person=person, role=request.POST.get("role", ""),
                            joined_on=_date(request.POST.get("joined_on")))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:team", t.pk)


@require_POST
def mission_add(request, pk):
    t = selectors.team(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_TEAMS, t.path)
    hours = {}
    for key, value in request.POST.items():
        if key.startswith("hours_") and whole_number(key[6:]) is not None:
            hours[whole_number(key[6:])] = value
    try:
        post = request.POST
        services.record_mission(actor=request.actor, team=t, kind=post.get("kind", ""),
                                title=post.get("title", ""), held_on=_date(post.get("held_on")),
                                place=post.get("place", ""), description=post.get("description", ""),
                                hours=hours)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("governance:team", t.pk)
