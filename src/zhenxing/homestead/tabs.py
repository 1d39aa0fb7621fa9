"""The eleven modules of the homestead system as tabs above its pages: (label, URL name, capability).

The tabs show the entries whose records the actor can ever see. Parcels, applications, contracts, bills,
exits, surveys and violations are kept at their village (`context.VILLAGE_RECORDS`): a grid worker, who
reads only its grid, is not offered them; 资格权 lists households, which a grid holds.
"""

from zhenxing.orgs import access, context

VILLAGE = context.VILLAGE_RECORDS
MODULES = [
    ("一张图", "homestead:map_home", VILLAGE),  # a village's map
    ("基础信息", "homestead:parcels", VILLAGE),
    ("资格权", "homestead:eligibility", access.VIEW_PEOPLE),
    # Every role with a part in it (see applications.selectors): the registers' readers, the reviewers,
    # the departments of 联审, the applicant.
    ("申请审批", "homestead:applications",
     (VILLAGE, access.REVIEW_HOMESTEAD, access.SIGN_HOMESTEAD, access.APPLY_HOMESTEAD)),
    ("流转", "homestead:transfers", VILLAGE),
    ("有偿使用", "homestead:fee_bills", VILLAGE),
    ("自愿有偿退出", "homestead:exits", VILLAGE),
    ("闲置盘活", "homestead:idle", VILLAGE),
    ("执法监管", "homestead:violations", VILLAGE),
    ("政策制度", "homestead:policies", access.VIEW_ORGS),
    ("统计分析", "stats:overview", access.VIEW_DASHBOARD),  # the 区域台账 figures on the dashboard
]


def section_tabs(request) -> dict:
    """Context processor: the module tabs above every homestead page, the current module marked."""
    return context.section_tabs(request, namespace="homestead", entries=MODULES, label="宅基地管理")
