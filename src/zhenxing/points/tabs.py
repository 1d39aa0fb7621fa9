"""The tabs above every points page (积分细则, 积分申报, 积分排名, 积分超市): a context processor, like the
homestead modules', so a page gets them whichever template it extends (`points/base.html` or the site's).

A tab shows when the actor holds one of its capabilities (orgs.context.section_tabs). Shops are kept at a
village: a grid worker, who reads only its grid, is not offered them.
"""

from zhenxing.orgs import access, context

TABS = [
    ("积分细则", "points:rules", (access.VIEW_PEOPLE,)),
    ("积分申报", "points:claims", (access.VIEW_PEOPLE,)),
    ("我的积分", "points:my_points", (access.REDEEM_POINTS,)),
    ("积分排名", "points:rankings", (access.VIEW_PEOPLE,)),
    ("积分公示", "points:publications", (access.VIEW_PEOPLE, access.VIEW_OWN_HOUSEHOLD)),
    ("积分超市", "points:shops", (context.VILLAGE_RECORDS, access.KEEP_SHOP, access.REDEEM_POINTS)),
]


def section_tabs(request) -> dict:
    return context.section_tabs(request, namespace="points", entries=TABS, label="积分管理")
