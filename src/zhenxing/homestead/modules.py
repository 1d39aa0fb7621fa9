"""The eleven modules of the homestead system as the 宅基地 pages list them: (label, URL name, capability).

Each module appends its own entry; the 宅基地 tabs show the entries the actor may open.
"""

from zhenxing.orgs import access

MODULES = [
    ("一张图", "homestead:map_home", access.VIEW_PEOPLE),
    ("基础信息", "homestead:parcels", access.VIEW_PEOPLE),
    ("资格权", "homestead:eligibility", access.VIEW_PEOPLE),
]

# --- 闲置盘活 (8), 执法监管 (9), 政策制度 (10) ---
MODULES += [
    ("闲置盘活", "homestead:idle", access.VIEW_PEOPLE),
    ("执法监管", "homestead:violations", access.VIEW_PEOPLE),
    ("政策制度", "homestead:policies", access.VIEW_ORGS),
]
