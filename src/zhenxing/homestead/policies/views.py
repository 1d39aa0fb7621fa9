"""政策制度 pages: the policy register, a policy with its versions and rules, the rules in force, and the
forms of the district (MANAGE_POLICIES)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhenxing.core import attachments
from zhenxing.core.indicators import Column
from zhenxing.homestead import formkit
from zhenxing.homestead.policies import selectors, services
from zhenxing.homestead.policies.forms import PolicyEditForm, PolicyForm, VersionForm
from zhenxing.homestead.policies.models import Policy
from zhenxing.orgs import access
from zhenxing.orgs.registers import query_filter, register_page


def _current(p: Policy) -> str:
    v = selectors.current_version(p)
    return f"第{v.number}版（{v.effective_from:%Y-%m-%d} 起）" if v else "无现行版本"


POLICY_COLUMNS = (
    Column("标题", lambda p: p.title),
    Column("文号", lambda p: p.number),
    Column("发文机关", lambda p: p.issuer),
    Column("层级", lambda p: p.get_level_display()),
    Column("类别", lambda p: p.get_category_display()),
    Column("状态", lambda p: p.get_status_display()),
    Column("现行版本", _current),
)


def policies(request):
    f = query_filter(selectors.PolicyFilter, request.GET)
    links = [(reverse("homestead:policy_rules"), "规则与取值")]
    if request.actor.can(access.MANAGE_POLICIES):
        links.append((reverse("homestead:policy_new"), "录入政策"))
    return register_page(
        request,
        title="宅基地政策制度",
        queryset=selectors.policies(actor=request.actor, filters=f),
        columns=POLICY_COLUMNS,
        url_of=lambda p: reverse("homestead:policy", args=[p.pk]),
        filters=[
            ("q", "标题、文号或发文机关", "text", None, f.q),
            ("level", "层级", "select", Policy.LEVELS, f.level),
            ("category", "类别", "select", Policy.CATEGORIES, f.category),
            ("status", "状态", "select", Policy.STATUSES, f.status),
        ],
        links=links,
    )


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
    form = PolicyForm(formkit.posted(request), formkit.uploads(request))
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.add_policy(actor=request.actor, **form.policy_args())
            messages.success(request, f"已录入政策“{obj.title}”。")
            return redirect("homestead:policy", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(request, "homestead/policies/form.html", form, {"title": "录入政策"})


def policy_edit(request, pk):
    obj = selectors.policy(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_POLICIES, obj.path)
    initial = {
        f: getattr(obj, f)
        for f in ("title", "number", "issuer", "level", "category", "status", "repealed_on")
    }
    form = PolicyEditForm(formkit.posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_policy(actor=request.actor, policy=obj, **form.edit_args())
            messages.success(request, "已保存。")
            return redirect("homestead:policy", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request, "homestead/policies/form.html", form, {"title": f"修改政策：{obj.title}", "policy": obj}
    )


def version_new(request, pk):
    obj = selectors.policy(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_POLICIES, obj.path)
    # A new version ends the rules of the one before: its form starts from the values that one set,
    # so a revision of the text alone does not drop the cap or the fees back to their defaults.
    form = VersionForm(formkit.posted(request), formkit.uploads(request),
                       initial=selectors.latest_rule_values(policy=obj))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(actor=request.actor, policy=obj, **form.version_args())
            messages.success(
                request, f"已录入第{version.number}版，自 {version.effective_from:%Y-%m-%d} 起施行。"
            )
            return redirect("homestead:policy", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request, "homestead/policies/form.html", form, {"title": f"录入新版本：{obj.title}", "policy": obj}
    )


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
