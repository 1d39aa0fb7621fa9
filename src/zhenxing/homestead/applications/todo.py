"""申请审批's waiting work (core.todo): the applicant submits (or resubmits after a return), the village
discusses, posts and reviews, the street reviews jointly and approves, and each of the three departments
signs its part of the joint review; an objection raised during 公示 waits on the village."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse

from zhenxing.core import todo
from zhenxing.homestead.applications.models import Application, Objection, ReviewOpinion
from zhenxing.homestead.applications.selectors import own_household_id, signing_part
from zhenxing.homestead.applications.workflows import APPLICANT, APPLICATION, STREET, VILLAGE
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo

MODULE = "宅基地审批"


def _base():
    return Application.objects.select_related("village", "household__head")


def _title(a: Application) -> str:
    head = a.household.head.name if a.household.head_id else a.household.number
    return f"{a.code} {a.village.name}·{head}（{a.get_kind_display()}）"


def _url(a: Application) -> str:
    return reverse("homestead:application", args=[a.pk])


def _applicant_rows(actor):
    if not actor.can(access.APPLY_HOMESTEAD):
        return None
    if "villager" in actor.roles:
        return _base().filter(household_id=own_household_id(actor) or 0)
    return access.scoped(_base(), actor, access.APPLY_HOMESTEAD).filter(created_by=actor.user)


def _applicants(a: Application):
    users = list(get_user_model().objects.filter(person__household_id=a.household_id, is_active=True))
    return users + ([a.created_by] if a.created_by_id else [])


PARTIES = {
    APPLICANT: todo.Party(rows=_applicant_rows, recipients=_applicants),
    VILLAGE: todo.Party(
        rows=lambda actor: org_todo.rows(_base(), actor, access.REVIEW_HOMESTEAD,
                                         min_depth=org_todo.VILLAGE_DEPTH),
        recipients=lambda a: org_todo.holders(a.path, access.REVIEW_HOMESTEAD)),
    STREET: todo.Party(
        rows=lambda actor: org_todo.rows(_base(), actor, access.REVIEW_HOMESTEAD,
                                         max_depth=org_todo.STREET_DEPTH),
        recipients=lambda a: org_todo.holders(a.path, access.REVIEW_HOMESTEAD,
                                              max_depth=org_todo.STREET_DEPTH)),
}


def _list(actor, state):
    return f"{reverse('homestead:applications')}?state={state}"


def _unsigned(actor):
    found = signing_part(actor)
    if found is None:
        return None
    part, _department = found
    signed = ReviewOpinion.objects.filter(application=OuterRef("pk"), round=OuterRef("review_round"),
                                          part=part)
    return access.scoped(_base(), actor, access.SIGN_HOMESTEAD).filter(state="joint_review").exclude(
        Exists(signed))


def _open_objections(actor):
    rows = org_todo.rows(_base(), actor, access.REVIEW_HOMESTEAD, min_depth=org_todo.VILLAGE_DEPTH,
                         due_field=None)
    if rows is None:
        return None
    return rows.filter(state="publicity").filter(Exists(Objection.objects.filter(
        application=OuterRef("pk"), upheld__isnull=True)))


todo.register(
    *todo.workflow_waiting(APPLICATION, model=Application, module=MODULE, parties=PARTIES, title=_title,
                           url=_url, list_url=_list),
    # Told when an application enters 联审 (workflow and state below); no deadline sweep of its own: the
    # street's limit covers the review, and a department that signed must not hear it is late.
    todo.Waiting(key="homestead.application.sign", module=MODULE, label="街道联审·待部门签署", rows=_unsigned,
                 title=_title, url=_url, actions="签署联审意见",
                 list_url=lambda actor: _list(actor, "joint_review"),
                 workflow=APPLICATION.key, state="joint_review",
                 recipients=lambda a: org_todo.department_holders(a.path, access.SIGN_HOMESTEAD)),
    todo.Waiting(key="homestead.application.objection", module=MODULE, label="公示期异议·待处理",
                 rows=_open_objections, title=_title, url=_url, actions="处理异议"),
)
