"""Who did something, as the people who read it know them: "王建国（马刚村·村党组织书记）", never the login
name "secretary_magang". Every page, export and API answer that says who acted goes through here (the
template filters `who` and `who_name` in orgs/templatetags/names.py)."""

from django.contrib.auth import get_user_model

from zhenxing.orgs import access
from zhenxing.orgs.models import RoleAssignment

SYSTEM = "系统"
SHOWN_PLACES = 2  # a user with more assignments is "…等"


def name(user, default: str = SYSTEM) -> str:
    """The person's name (first_name holds the whole Chinese name), else the login; `default` for no user."""
    if user is None:
        return default
    return (user.first_name or user.get_full_name() or user.get_username()).strip() or user.get_username()


def _places(assignments) -> str:
    seen = list(dict.fromkeys(
        f"{a.org_unit.name if a.org_unit_id else a.department.name}·{access.role_label(a.role)}"
        for a in assignments))
    more = "等" if len(seen) > SHOWN_PLACES else ""
    return "、".join(seen[:SHOWN_PLACES]) + more


def _assignments(user_ids) -> dict[int, list]:
    found: dict[int, list] = {}
    rows = RoleAssignment.objects.filter(user_id__in=set(user_ids)).select_related("org_unit", "department")
    for a in rows.order_by("user_id", "created_at", "pk"):
        found.setdefault(a.user_id, []).append(a)
    return found


def place(user) -> str:
    """Where the user works and as what ("马刚村·村党组织书记"), "" for one without a role; kept on the
    user object, so a page that names the same person twenty times asks once."""
    if user is None:
        return ""
    if not hasattr(user, "_zhenxing_place"):
        user._zhenxing_place = _places(_assignments([user.pk]).get(user.pk, []))
    return user._zhenxing_place


def who(user, default: str = SYSTEM) -> str:
    """"王建国（马刚村·村党组织书记）"; the name alone when the user holds no role."""
    if user is None:
        return default
    where = place(user)
    return f"{name(user)}（{where}）" if where else name(user)


def preload(users) -> None:
    """Look up the places of many users at once (a page of the audit log)."""
    users = [u for u in users if u is not None and not hasattr(u, "_zhenxing_place")]
    found = _assignments(u.pk for u in users)
    for u in users:
        u._zhenxing_place = _places(found.get(u.pk, []))


def by_login(logins) -> dict[str, object]:
    """Users by login name (an event kept the login of an actor it has no link to: a failed sign-in)."""
    logins = {x for x in logins if x}
    users = list(get_user_model().objects.filter(username__in=logins)) if logins else []
    preload(users)
    return {u.get_username(): u for u in users}
