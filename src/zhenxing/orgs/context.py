"""Navigation by role: each entry appears only for actors holding its capability."""

from django.urls import reverse

from zhenxing.orgs import access, search
from zhenxing.orgs.access import role_label

NAV = [
    ("首页", "stats:home", access.VIEW_DASHBOARD),
    ("组织架构", "orgs:tree", access.VIEW_ORGS),
    ("人员台账", "people:persons", access.VIEW_PEOPLE),
    ("户籍台账", "people:households", access.VIEW_PEOPLE),
    ("党员", "people:party_members", access.VIEW_PEOPLE),
    ("干部", "people:cadres", access.VIEW_PEOPLE),
    ("宅基地", "homestead:parcels", access.VIEW_PEOPLE),
    ("宅基地审批", "homestead:applications", (access.APPLY_HOMESTEAD, access.SIGN_HOMESTEAD)),
    ("评理说事", "governance:disputes", access.VIEW_PEOPLE),
    ("我的家庭", "people:my_household", access.VIEW_OWN_HOUSEHOLD),
    ("入户走访", "governance:grid", access.VIEW_PEOPLE),
    ("党员队伍", "governance:teams", access.VIEW_PEOPLE),
    ("积分管理", "points:rules", access.VIEW_PEOPLE),
    ("积分超市", "points:shops", access.REDEEM_POINTS),
    ("积分公示", "points:publications", access.VIEW_OWN_HOUSEHOLD),
    ("我的积分", "points:my_points", access.REDEEM_POINTS),
    ("吹哨报到", "governance:cases_home",
     (access.REPORT_CASE, access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE)),
    ("数据导入", "imports:index", access.IMPORT),
    ("用户管理", "users", access.MANAGE_USERS),
    ("安全管理", "security", access.MANAGE_SECURITY),
    ("审计日志", "audit:log", access.VIEW_AUDIT),
    ("工作日历", "calendar", (access.VIEW_DASHBOARD, access.MANAGE_CALENDAR)),
    ("我的账号", "account:home", None),
]
# Beside the user's name: what is the user's own rather than a part of the district.
ACCOUNT = [
    ("我的导出", "exports:index", access.EXPORT),
]


def holds(actor, caps) -> bool:
    """Whether the actor holds `caps`: None (anyone), one capability, or a tuple of them (any one)."""
    if caps is None:
        return True
    return any(actor.can(c) for c in ((caps,) if isinstance(caps, str) else caps))


def navigation(request):
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated:
        return {}
    return {
        "nav": [(label, name) for label, name, caps in NAV if holds(actor, caps)],
        "account_links": [(label, name) for label, name, caps in ACCOUNT if holds(actor, caps)],
        "actor": actor,
        "role_labels": sorted({role_label(r) for r in actor.roles}),
        "can_search": search.can_search(actor),
    }


def section_tabs(request, *, namespace: str, entries, label: str) -> dict:
    """The tabs above every page of one URL namespace (宅基地管理, 积分管理): `entries` are (label, URL
    name, capabilities as for `holds`); the actor sees those they hold, the current one marked. Called by
    each section's own context processor, so a page gets them whichever template it extends."""
    match = getattr(request, "resolver_match", None)
    actor = getattr(request, "actor", None)
    if match is None or match.namespace != namespace or actor is None:
        return {}
    links = [(reverse(name), text) for text, name, caps in entries if holds(actor, caps)]
    # The current tab is the longest URL the page's path starts with (统计分析 is "/", a prefix of all).
    current = max((url for url, _ in links if request.path.startswith(url)), key=len, default=None)
    return {"section_tabs": [(url, text, url == current) for url, text in links], "section_label": label}
