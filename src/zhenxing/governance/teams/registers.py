"""党员队伍's register and writes, declared once: the page, its Excel export and the API derive from these
(orgs.registers, orgs.actions)."""

from datetime import date

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.governance.teams import selectors as sel
from zhenxing.governance.teams import services
from zhenxing.governance.teams.forms import ActivityForm, MemberForm, TeamForm
from zhenxing.governance.teams.models import Team
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

TEAMS = Register(
    name="teams",
    title="党员服务队与突击队",
    item="党员队伍",
    rows=sel.teams,
    one=sel.team,
    filter_class=sel.TeamFilter,
    filters=(
        Filter("q", "队伍名称"),
        Filter("village", "村/街道", "village"),
        Filter("kind", "类型", "select", tuple(Team.KINDS)),
    ),
    columns=(
        Column("队伍名称", lambda t: t.name, key="name"),
        Column("类型", lambda t: t.get_kind_display(), key="kind"),
        Column("所属单位", lambda t: t.org_unit.name, key="unit"),
        Column("队员", lambda t: t.member_count, key="members", kind=numbers.COUNT),
        Column("活动次数", lambda t: t.activity_count, key="activities", kind=numbers.COUNT),
        Column("成立日期", lambda t: t.founded_on, key="founded_on", kind=date),
    ),
    url_of=lambda t: reverse("governance:team", args=[t.pk]),
)


def _create_team(actor, form, record):
    d = form.cleaned_data
    return services.create_team(actor=actor, org_unit=d["unit"], name=d["name"], kind=d["kind"],
                                founded_on=d["founded_on"], description=d["description"])


def _add_member(actor, form, record):
    d = form.cleaned_data
    services.add_member(actor=actor, team=record, person=d["person"], role=d["role"],
                        joined_on=d["joined_on"])
    return record


def _record_activity(actor, form, record):
    d = form.cleaned_data
    services.record_activity(actor=actor, team=record, kind=d["kind"], title=d["title"], held_on=d["held_on"],
                             place=d["place"], description=d["description"], hours=d["hours"])
    return record


ADD_TEAM = Action("", "新建党员队伍", TeamForm, _create_team, access.MANAGE_TEAMS)
ADD_MEMBER = Action("members", "加入队伍", MemberForm, _add_member, access.MANAGE_TEAMS,
                    description="返回队伍（队员数已加一）")
ADD_ACTIVITY = Action("activities", "记录活动", ActivityForm, _record_activity, access.MANAGE_TEAMS,
                      form_kwargs=lambda actor, record: {},
                      description="参与人须为本队现有队员；返回队伍（活动次数已加一）")
