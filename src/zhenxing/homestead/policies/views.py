"""政策制度 pages: the policy register, a policy with its versions and rules, the rules in force, and the
forms of the district (MANAGE_POLICIES)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhenxing.core import attachments
from zhenxing.homestead import formkit
from zhenxing.homestead.policies import registers as r
from zhenxing.homestead.policies import selectors
from zhenxing.orgs import access


def policies(request):
    links = [(reverse("homestead:policy_rules"), "规则与取值")]
    if request.actor.can(access.MANAGE_POLICIES):
        links.append((reverse("homestead:policy_new"), "录入政策"))
    return r.POLICIES.page(request, links=links)


def _form_page(request, action, record, *, done, context: dict):
    """A page's form (with its file), performed when valid; the service's errors shown on its fields.
    `done(form, written)` is the success message."""
    form = action.bind(request.actor, formkit.posted(request), formkit.uploads(request), record=record)
    if request.method == "POST" and form.is_valid():
        try:
            written = action.perform(request.actor, form, record)
            messages.success(request, done(form, written))
            return redirect("homestead:policy", written.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(request, "homestead/policies/form.html", form, context)


def policy(request, pk):
    obj = selectors.policy(actor=request.actor, pk=pk)
    return render(
        request,
        "homestead/policies/detail.html",
        {
            "policy": obj,
            "versions": selectors.versions(policy=obj),
            "can_manage": request.actor.can(access.MANAGE_POLICIES, obj.path),
        },
    )


def policy_new(request):
    access.require(request.actor, access.MANAGE_POLICIES)
    return _form_page(request, r.ADD_POLICY, None, done=lambda form, p: f"已录入政策“{p.title}”。",
                      context={"title": "录入政策"})


def policy_edit(request, pk):
    obj = selectors.policy(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_POLICIES, obj.path)
    return _form_page(request, r.EDIT_POLICY, obj, done=lambda form, p: "已保存。",
                      context={"title": f"修改政策：{obj.title}", "policy": obj})


def _version_added(form, policy) -> str:
    v = form.cleaned_data["version_obj"]
    return f"已录入第{v.number}版，自 {v.effective_from:%Y-%m-%d} 起施行。"


def version_new(request, pk):
    obj = selectors.policy(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_POLICIES, obj.path)
    return _form_page(request, r.ADD_VERSION, obj, done=_version_added,
                      context={"title": f"录入新版本：{obj.title}", "policy": obj})


def policy_rules(request):
    return render(
        request,
        "homestead/policies/rules.html",
        {
            "rows": selectors.rules_in_force(actor=request.actor),
        },
    )


def policy_attachment(request, pk):
    att = selectors.attachment(actor=request.actor, pk=pk)
    return FileResponse(
        attachments.blob_path(att.sha256).open("rb"),
        content_type=att.content_type,
        as_attachment=True,
        filename=att.name,
    )
