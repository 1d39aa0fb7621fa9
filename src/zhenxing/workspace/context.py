"""The menu's counts: work waiting (and overdue) and unread messages, on every page."""

from zhenxing.workspace import selectors


def badges(request):
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated or not actor.grants:
        return {}
    return {"badge": selectors.badge(actor)}
