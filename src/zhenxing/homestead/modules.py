"""The eleven modules of the homestead system as the 宅基地 pages list them: (label, URL name, capability).

Each module appends its own entry; the 宅基地 tabs show the entries the actor may open.
"""

from zhenxing.orgs import access

MODULES = [
    ("一张图", "homestead:map_home", access.VIEW_PEOPLE),
    ("基础信息", "homestead:parcels", access.VIEW_PEOPLE),
    ("资格权", "homestead:eligibility", access.VIEW_PEOPLE),
    ("申请审批", "homestead:applications", None),  # every role with a part in it (see selectors_applications)
    ("流转", "homestead:transfers", access.VIEW_PEOPLE),
    ("有偿使用", "homestead:fee_bills", access.VIEW_PEOPLE),
    ("自愿有偿退出", "homestead:exits", access.VIEW_PEOPLE),
    ("闲置盘活", "homestead:idle", access.VIEW_PEOPLE),
    ("执法监管", "homestead:violations", access.VIEW_PEOPLE),
    ("政策制度", "homestead:policies", access.VIEW_ORGS),
]


def links(actor) -> list[tuple[str, str]]:
    """(url, label) of the modules the actor may open, for the links row of the homestead pages."""
    from django.urls import reverse

    return [(reverse(name), label) for label, name, cap in MODULES if cap is None or actor.can(cap)]
