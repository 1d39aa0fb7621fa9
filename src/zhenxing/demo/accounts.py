"""One demo account per role, all in 马刚街道 / 马刚村 of the demo district, sharing one password."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from zhenxing.core import audit
from zhenxing.demo import names
from zhenxing.orgs import access
from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment
from zhenxing.people.models import CadrePost, Person

DEMO_PASSWORD = "Zhenxing2023demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    place: str  # key into _places()
    name: str = ""  # display name; empty means the holder of `post` at the place
    post: str = ""


ACCOUNTS = [
    DemoAccount("admin", "district_admin", "county", "赵立新"),
    DemoAccount("street_magang", "street_admin", "street", "孙海涛"),
    DemoAccount("reviewer_magang", "street_reviewer", "street", "刘丽华"),
    DemoAccount("secretary_magang", "village_secretary", "village", post="village_secretary"),
    DemoAccount("cadre_magang", "village_cadre", "village", post="two_committee"),
    DemoAccount("first_secretary_magang", "first_secretary", "village", post="first_secretary"),
    DemoAccount("grid_magang", "grid_worker", "grid", post="grid_worker"),
    DemoAccount("dept_nongye", "department_staff", "department", "王建军"),
    DemoAccount("villager_magang", "villager", "village"),
    # 三员分立: users and the calendar; lock-outs, second factors and sessions; the audit log.
    DemoAccount("sysadmin", "system_admin", "county", "周建平"),
    DemoAccount("secadmin", "security_admin", "county", "吴敏"),
    DemoAccount("auditor", "audit_admin", "county", "郑秀兰"),
]


def _places() -> dict:
    county = OrgUnit.objects.filter(code=names.COUNTY[0]).first()
    if county is None:
        return {}
    street = OrgUnit.objects.filter(level="town", name="马刚街道", path__startswith=county.path).first()
    village = street and OrgUnit.objects.filter(level="village", name="马刚村", parent=street).first()
    grid = village and OrgUnit.objects.filter(level="grid", parent=village).order_by("code").first()
    department = Department.objects.filter(org_unit=county, name="农业农村局").first()
    found = {"county": county, "street": street, "village": village, "grid": grid, "department": department}
    return {k: v for k, v in found.items() if v}


def _display_name(account: DemoAccount, place) -> str:
    if account.name:
        return account.name
    holder = CadrePost.objects.filter(post=account.post, org_unit=place).order_by("id").first()
    return holder.person.name if holder else access.role_label(account.role)


def _villager_person(user, village: OrgUnit) -> Person | None:
    """The user's own person, or the first household head of the village not yet linked to an account."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = (
            Person.objects.filter(
                village=village, relation="head", household__isnull=False, user__isnull=True
            )
            .order_by("household__number")
            .first()
        )
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
    return person


@transaction.atomic
def ensure_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts that are missing; returns (username, role label, place) for each.

    Accounts whose place is not in the database (no demo district loaded) are left out. Existing
    accounts keep their password: running this again changes nothing.
    """
    user_model = get_user_model()
    places = _places()
    created, logins = [], []
    for account in ACCOUNTS:
        place = places.get(account.place)
        if place is None:
            continue
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_model.objects.create_user(
                account.username, password=DEMO_PASSWORD, first_name=_display_name(account, place)
            )
            created.append(account.username)
        at = {"department": place} if isinstance(place, Department) else {"org_unit": place}
        RoleAssignment.objects.get_or_create(user=user, role=account.role, **at)
        if account.role == "villager":
            person = _villager_person(user, place)
            if person is not None and user.first_name != person.name:
                user.first_name = person.name
                user.save(update_fields=["first_name"])
        logins.append((account.username, access.role_label(account.role), place.name))
    if created:
        audit.record(
            actor=None,
            actor_name="system",
            action="demo.accounts",
            object_type="auth.user",
            object_repr="演示账号",
            scope_path=places["county"].path if "county" in places else "",
            changes={"created": created},
            ip="",
        )
    return logins
