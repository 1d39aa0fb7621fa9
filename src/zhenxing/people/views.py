from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import flash_errors
from zhenxing.orgs import access
from zhenxing.people import registers as r
from zhenxing.people import selectors, services


def persons(request):
    return r.PERSONS.page(request)


def households(request):
    return r.HOUSEHOLDS.page(request)


def party_members(request):
    return r.PARTY_MEMBERS.page(request)


def cadres(request):
    return r.CADRES.page(request)


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
    return attachments.response(att, request)


def my_household(request):
    obj = selectors.own_household(actor=request.actor)
    if obj is None:
        raise Http404
    return render(
        request,
        "people/household.html",
        {"household": obj, "members": selectors.members(household=obj), "own": True},
    )
