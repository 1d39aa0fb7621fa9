"""The tabs above every points page (积分细则, 积分申报, 积分排名, 积分超市): a context processor, like the
homestead modules', so a page gets them whichever template it extends (`points/base.html` or the site's).

A tab shows when its page exists and the actor holds one of its capabilities.
"""

from django.urls import NoReverseMatch, reverse

from zhenxing.orgs import access

TABS = [
    ("积分细则", "points:rules", (access.VIEW_PEOPLE,)),
    ("积分申报", "points:claims", (access.VIEW_PEOPLE,)),
    ("我的积分", "points:my_points", (access.REDEEM_POINTS,)),
    ("积分排名", "points:rankings", (access.VIEW_PEOPLE,)),
    ("积分公示", "points:publications", (access.VIEW_PEOPLE, access.VIEW_OWN_HOUSEHOLD)),
    ("积分超市", "points:shops", (access.VIEW_PEOPLE, access.KEEP_SHOP, access.REDEEM_POINTS)),
]


def links(actor) -> list[tuple[str, str]]:
    out = []
    for label, name, caps in TABS:
        if not any(actor.can(c) for c in caps):
            continue
        try:
            out.append((reverse(name), label))
        except NoReverseMatch:  # that part of the app is not there (yet)
            continue
    return out


def section_tabs(request) -> dict:
    match = getattr(request, "resolver_match", None)
    actor = getattr(request, "actor", None)
    if match is None or match.namespace != "points" or actor is None:
        return {}
    tabs = [(url, label, request.path.startswith(url)) for url, label in links(actor)]
    return {"section_tabs": tabs, "section_label": "积分管理"}
