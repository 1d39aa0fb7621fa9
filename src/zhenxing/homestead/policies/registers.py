"""政策制度's register and writes, declared once: the page, its Excel export and the API derive from these
(orgs.registers, orgs.actions)."""

from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.homestead.policies import selectors as sel
from zhenxing.homestead.policies import services
from zhenxing.homestead.policies.forms import PolicyEditForm, PolicyForm, VersionForm
from zhenxing.homestead.policies.models import Policy
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register

DESCRIPTION_FIELDS = ("title", "number", "issuer", "level", "category", "status", "repealed_on")


def current(p: Policy) -> str:
    v = sel.current_version(p)
    return f"第{v.number}版（{v.effective_from:%Y-%m-%d} 起）" if v else "无现行版本"


POLICIES = Register(
    name="policies",
    title="宅基地政策制度",
    item="政策",
    rows=sel.policies,
    one=sel.policy,
    filter_class=sel.PolicyFilter,
    filters=(
        Filter("q", "标题、文号或发文机关"),
        Filter("level", "层级", "select", tuple(Policy.LEVELS)),
        Filter("category", "类别", "select", tuple(Policy.CATEGORIES)),
        Filter("status", "状态", "select", tuple(Policy.STATUSES)),
    ),
    columns=(
        Column("标题", lambda p: p.title, key="title"),
        Column("文号", lambda p: p.number, key="number"),
        Column("发文机关", lambda p: p.issuer, key="issuer"),
        Column("层级", lambda p: p.get_level_display(), key="level"),
        Column("类别", lambda p: p.get_category_display(), key="category"),
        Column("状态", lambda p: p.get_status_display(), key="status"),
        Column("现行版本", current, key="current_version"),
    ),
    url_of=lambda p: reverse("homestead:policy", args=[p.pk]),
    description="政策在保存它的单位及其下级、上级公开：区里的政策全区各级都能读到（与页面相同）",
)


def _plain(actor, record):
    return {}


def _add_policy(actor, form, record):
    return services.add_policy(actor=actor, **form.policy_args())


def _edit_policy(actor, form, policy):
    return services.edit_policy(actor=actor, policy=policy, **form.edit_args())


def _add_version(actor, form, policy):
    form.cleaned_data["version_obj"] = services.add_version(actor=actor, policy=policy, **form.version_args())
    return policy


RULES_HELP = "rule_* 为本版本设定的规则取值（不设定的留空）"
ADD_POLICY = Action("", "录入政策", PolicyForm, _add_policy, access.MANAGE_POLICIES, form_kwargs=_plain,
                    description=f"政策连同第 1 版；{RULES_HELP}；附件可不传")
EDIT_POLICY = Action(
    "edit", "修改政策", PolicyEditForm, _edit_policy, access.MANAGE_POLICIES,
    form_kwargs=lambda actor, p: {"initial": {f: getattr(p, f) for f in DESCRIPTION_FIELDS}},
    description="各字段须全部给出；状态改为已废止时须填废止日期，各版本及其规则于该日终止",
)
# A new version ends the rules of the one before: its page form starts from the values that one set, so a
# revision of the text alone does not drop the cap or the fees back to their defaults. Over the API the
# body is what the version sets: a rule left out is not set by it.
ADD_VERSION = Action(
    "versions", "录入新版本", VersionForm, _add_version, access.MANAGE_POLICIES,
    form_kwargs=lambda actor, p: {"initial": sel.latest_rule_values(policy=p)},
    description=f"新版本自施行日期起施行，上一版本于前一日终止；{RULES_HELP}，不会沿用上一版本的取值",
)
