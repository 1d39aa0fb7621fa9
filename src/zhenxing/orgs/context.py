"""Navigation by role: each entry appears only for actors holding what fills it.

An entry names the capability its page's records are read with; where those records sit at a village or
above (parcels, contracts, disputes, teams, shops), it names `Over(capability)`: a grid worker holds
view_people over its grid only, where no such record ever is, so the entry would always be empty for it.
"""

from dataclasses import dataclass

from django.urls import reverse

from zhenxing.orgs import access, codes, search
from zhenxing.orgs.access import role_label


@dataclass(frozen=True)
class Over:
    """`capability` held over a whole unit at `level` or above (a grant's path is no deeper than it)."""

    capability: str
    level: str = "village"

    def held_by(self, actor) -> bool:
        depth = codes.LEVELS.index(self.level) + 1  # "21/" is a province, one "/" per level below
        return any(p.count("/") <= depth for p in actor.paths(self.capability))


# Records kept at a village or above, read with view_people.
VILLAGE_RECORDS = Over(access.VIEW_PEOPLE)

NAV = [
    ("待办", "workspace:home", (access.VIEW_DASHBOARD, access.WORK_CASE, access.SIGN_HOMESTEAD,
                               access.VIEW_PEOPLE)),
    ("首页", "workspace:home", access.VIEW_OWN_HOUSEHOLD),
    ("统计分析", "stats:overview", access.VIEW_DASHBOARD),
    ("任务清单", "mechanisms:plans", access.VIEW_DASHBOARD),
    ("包保责任", "mechanisms:duties", access.VIEW_DASHBOARD),
    ("组织架构", "orgs:tree", access.VIEW_ORGS),
    ("人员台账", "people:persons", access.VIEW_PEOPLE),
    ("户籍台账", "people:households", access.VIEW_PEOPLE),
    ("党员", "people:party_members", access.VIEW_PEOPLE),
    ("干部", "people:cadres", access.VIEW_PEOPLE),
    ("宅基地", "homestead:parcels", VILLAGE_RECORDS),
    ("宅基地审批", "homestead:applications", (access.APPLY_HOMESTEAD, access.SIGN_HOMESTEAD)),
    ("评理说事", "governance:disputes", VILLAGE_RECORDS),  # at a 村民小组, village or street
    ("我的家庭", "people:my_household", access.VIEW_OWN_HOUSEHOLD),
    ("入户走访", "governance:grid", access.VIEW_PEOPLE),
    ("党员队伍", "governance:teams", VILLAGE_RECORDS),  # teams are founded at a street or village
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
    ("消息", "workspace:inbox", None),
    ("我的导出", "exports:index", access.EXPORT),
]


def holds(actor, caps) -> bool:
    """Whether the actor holds `caps`: None (anyone), one capability or `Over`, or a tuple of them (any
    one)."""
    if caps is None:
        return True
    if isinstance(caps, str | Over):
        caps = (caps,)
    return any(c.held_by(actor) if isinstance(c, Over) else actor.can(c) for c in caps)


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
    if len(links) < 2:
        return {}  # one tab leads nowhere else (a villager's 申请审批): the page's heading says where it is
    # The current tab is the longest URL the page's path starts with (统计分析 is "/", a prefix of all).
    current = max((url for url, _ in links if request.path.startswith(url)), key=len, default=None)
    return {"section_tabs": [(url, text, url == current) for url, text in links], "section_label": label}
