"""闲置盘活 pages: the idle register, an idle parcel with its surveys, the project register and a
project with its parcels, and the forms (MANAGE_HOMESTEAD). Registers and writes are declared in
registers.py, shared with the API."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.homestead import formkit
from zhenxing.homestead.revitalise import registers as r
from zhenxing.homestead.revitalise import selectors as sel
from zhenxing.homestead.revitalise.forms import LinkForm
from zhenxing.orgs import access


def idle(request):
    return r.IDLE.page(request, links=[(reverse("homestead:projects"), "盘活项目")])


def idle_parcel(request, pk):
    obj = sel.parcel(actor=request.actor, pk=pk)
    return render(
        request,
        "homestead/revitalise/idle_parcel.html",
        {
            "parcel": obj,
            "surveys": sel.surveys(parcel=obj),
            "links": sel.parcel_links(parcel=obj),
            "can_manage": request.actor.can(access.MANAGE_HOMESTEAD, obj.path),
        },
    )


def _form_page(request, action, record, *, done, title: str, back: str):
    """A page's form, bound on POST and performed when valid (the service's errors shown on its fields);
    `done(written)` gives the success message and the page to go to."""
    form = action.bind(request.actor, formkit.posted(request), record=record)
    if request.method == "POST" and form.is_valid():
        try:
            text, to = done(action.perform(request.actor, form, record))
            messages.success(request, text)
            return redirect(to)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(request, "homestead/record_form.html", form, {"title": title, "back": back})


def survey_new(request, pk):
    obj = sel.parcel(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    back = reverse("homestead:idle_parcel", args=[obj.pk])
    return _form_page(request, r.RECORD_SURVEY, obj,
                      done=lambda p: (f"已登记宗地 {p.code} 的闲置调查。", back),
                      title=f"闲置调查：宗地 {obj.code}", back=back)


def projects(request):
    links = [(reverse("homestead:idle"), "闲置宅基地台账")]
    if request.actor.can(access.MANAGE_HOMESTEAD):
        links.append((reverse("homestead:project_new"), "新建盘活项目"))
    return r.PROJECTS.page(request, links=links)


def project(request, pk):
    obj = sel.project(actor=request.actor, pk=pk)
    actor = request.actor
    links = list(sel.project_links(project=obj))
    for link in links:  # a parcel of another village is named, linked only when in scope
        link.visible = actor.can(access.VIEW_PEOPLE, link.parcel.path)
        link.removable = actor.can(access.MANAGE_HOMESTEAD, link.parcel.path)
    return render(
        request,
        "homestead/revitalise/project.html",
        {
            "project": obj,
            "links": links,
            "released": sel.project_links(project=obj, current=False),
            "can_manage": actor.can(access.MANAGE_HOMESTEAD, obj.path),
            "link_form": LinkForm(),
            "area": sum((link.parcel.area_m2 for link in links), 0),
        },
    )


def project_new(request):
    access.require(request.actor, access.MANAGE_HOMESTEAD)
    return _form_page(request, r.ADD_PROJECT, None,
                      done=lambda p: (f"已新建盘活项目 {p.code}。", r.PROJECTS.url_of(p)),
                      title="新建盘活项目", back=reverse("homestead:projects"))


def project_edit(request, pk):
    obj = sel.project(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    return _form_page(request, r.EDIT_PROJECT, obj, done=lambda p: ("已保存。", r.PROJECTS.url_of(p)),
                      title=f"修改盘活项目 {obj.code}", back=r.PROJECTS.url_of(obj))


def _project_post(request, pk, action, done):
    """A button on the project page: the outcome, or every reason it was refused, flashed on the page."""
    obj = sel.project(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    form = action.bind(request.actor, request.POST, record=obj)
    if not form.is_valid():
        for text in form.named_errors():
            messages.error(request, text)
        return redirect("homestead:project", obj.pk)
    try:
        action.perform(request.actor, form, obj)
        messages.success(request, done(form.cleaned_data))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect("homestead:project", obj.pk)


@require_POST
def project_link(request, pk):
    return _project_post(request, pk, r.LINK_PARCEL, lambda d: f"宗地 {d['parcel_obj'].code} 已纳入项目。")


@require_POST
def project_unlink(request, pk):
    return _project_post(request, pk, r.UNLINK_PARCEL,
                         lambda d: f"宗地 {d['parcel_obj'].code} 已移出项目，恢复为闲置。")
