from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import flash_errors
from zhenxing.orgs import access
from zhenxing.orgs.registers import query_filter, register_page
from zhenxing.people import choices, selectors, services
from zhenxing.people.indicators import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, PERSON_COLUMNS, POST_COLUMNS


def _person_url(p):
    return reverse("people:person", args=[p.pk])


def persons(request):
    f = query_filter(selectors.PersonFilter, request.GET)
    return register_page(
        request,
        title="人员台账",
        queryset=selectors.persons(actor=request.actor, filters=f),
        columns=PERSON_COLUMNS,
        url_of=_person_url,
        filters=[
            ("q", "姓名或身份证号", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("political_status", "政治面貌", "select", choices.POLITICAL_STATUS, f.political_status),
            ("gender", "性别", "select", choices.GENDERS, f.gender),
            ("age_band", "年龄段", "select", [(k, v) for k, v, _, _ in choices.AGE_BANDS], f.age_band),
        ],
    )


def households(request):
    q, village = request.GET.get("q", ""), request.GET.get("village", "")
    columns = HOUSEHOLD_COLUMNS + (_SIZE_COLUMN,)
    return register_page(
        request,
        title="户籍台账",
        queryset=selectors.households(actor=request.actor, q=q, village=village),
        columns=columns,
        url_of=lambda h: reverse("people:household", args=[h.pk]),
        filters=[("q", "户编号或户主", "text", None, q), ("village", "村/社区", "village", None, village)],
    )


class _Size:
    header = "人数"

    @staticmethod
    def value(h):
        return h.size


_SIZE_COLUMN = _Size()


def party_members(request):
    cls, village = request.GET.get("classification", ""), request.GET.get("village", "")
    return register_page(
        request,
        title="党员名册",
        queryset=selectors.party_members(actor=request.actor, classification=cls, village=village),
        columns=MEMBER_COLUMNS,
        url_of=lambda m: _person_url(m.person),
        filters=[
            ("classification", "分类", "select", choices.PARTY_CLASSES, cls),
            ("village", "村/社区", "village", None, village),
        ],
    )


def cadres(request):
    post, village = request.GET.get("post", ""), request.GET.get("village", "")
    return register_page(
        request,
        title="干部名册",
        queryset=selectors.cadre_posts(actor=request.actor, post=post, village=village),
        columns=POST_COLUMNS,
        url_of=lambda c: _person_url(c.person),
        filters=[
            ("post", "岗位", "select", choices.CADRE_POSTS, post),
            ("village", "村/社区", "village", None, village),
        ],
    )


def person(request, pk):
    actor = request.actor
    obj = selectors.person(actor=actor, pk=pk)
    return render(
        request,
        "people/person.html",
        {
            "person": obj,
            "can_reveal": actor.can(access.VIEW_PERSONAL, obj.path),
            "party_member": selectors.party_member_of(person=obj),
            "posts": selectors.current_posts(person=obj),
        },
    )


@require_POST
def reveal(request, pk):
    obj = selectors.person(actor=request.actor, pk=pk)
    values = services.reveal_personal(actor=request.actor, person=obj)
    return render(request, "people/_revealed.html", {"values": values})


def household(request, pk):
    obj = selectors.household(actor=request.actor, pk=pk)
    return render(
        request,
        "people/household.html",
        {
            "household": obj,
            "members": selectors.members(household=obj),
            "attachments": selectors.household_attachments(household=obj),
            "can_attach": request.actor.can(access.ATTACH, obj.path),
        },
    )


@require_POST
def attach(request, pk):
    obj = selectors.household(actor=request.actor, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件")
    else:
        try:
            services.attach_to_household(actor=request.actor, household=obj, upload=upload)
            messages.success(request, f"已上传“{upload.name}”。")
        except ValidationError as exc:
            flash_errors(request, exc)
    return redirect("people:household", obj.pk)


def attachment(request, pk):
    att = selectors.attachment(actor=request.actor, pk=pk)
    response = FileResponse(
        attachments.blob_path(att.sha256).open("rb"),
        content_type=att.content_type,
        as_attachment=True,
        filename=att.name,
    )
    return response


def my_household(request):
    obj = selectors.own_household(actor=request.actor)
    if obj is None:
        raise Http404
    return render(
        request,
        "people/household.html",
        {"household": obj, "members": selectors.members(household=obj), "own": True},
    )
