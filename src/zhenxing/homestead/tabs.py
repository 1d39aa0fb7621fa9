"""The eleven modules of the homestead system as tabs above its pages: (label, URL name, capability).

A capability of None: the module decides who sees what (申请审批 is open to every role with a part in
it). The tabs show the entries the actor may open.
"""

from zhenxing.orgs import access, context

MODULES = [
    ("一张图", "homestead:map_home", access.VIEW_PEOPLE),
    ("基础信息", "homestead:parcels", access.VIEW_PEOPLE),
    ("资格权", "homestead:eligibility", access.VIEW_PEOPLE),
    ("申请审批", "homestead:applications", None),  # every role with a part in it (see applications.selectors)
    ("流转", "homestead:transfers", access.VIEW_PEOPLE),
    ("有偿使用", "homestead:fee_bills", access.VIEW_PEOPLE),
    ("自愿有偿退出", "homestead:exits", access.VIEW_PEOPLE),
    ("闲置盘活", "homestead:idle", access.VIEW_PEOPLE),
    ("执法监管", "homestead:violations", access.VIEW_PEOPLE),
    ("政策制度", "homestead:policies", access.VIEW_ORGS),
    ("统计分析", "stats:overview", access.VIEW_DASHBOARD),  # the 区域台账 figures on the dashboard
]


def section_tabs(request) -> dict:
    """Context processor: the module tabs above every homestead page, the current module marked."""
    return context.section_tabs(request, namespace="homestead", entries=MODULES, label="宅基地管理")
