"""Factories for tests: a small real district built through the same code paths as production data."""

import itertools
import json
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhenxing.core.idcard import make_id_number
from zhenxing.orgs import codes
from zhenxing.orgs.models import Department, OrgUnit, PartyOrg, RoleAssignment
from zhenxing.people.models import CadrePost, Household, PartyMember, Person

PASSWORD = "Test-pass-2024"
_seq = itertools.count(1)


def unit(code: str, name: str, **extra) -> OrgUnit:
    parent = OrgUnit.objects.filter(code=codes.parent_code(code)).first() if codes.parent_code(code) else None
    obj, _ = OrgUnit.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "level": codes.level_of(code),
            "parent": parent,
            "path": codes.path_for(code),
            **extra,
        },
    )
    return obj


def district():
    """Liaoning > Shenyang > Shenbei; two streets with two villages each, a group and a grid per village.

    Returns a dict of the units by short name: county, street_a, street_b, village_a1 … grid_a1 ….
    """
    units = {
        "province": unit("210000000000", "辽宁省"),
        "city": unit("210100000000", "沈阳市"),
        "county": unit("210113000000", "沈北新区"),
        "street_a": unit("210113001000", "马刚街道"),
        "street_b": unit("210113002000", "兴隆台街道"),
    }
    for street, prefix in (("a", "210113001"), ("b", "210113002")):
        for i in (1, 2):
            v = unit(f"{prefix}2{i:02d}", f"{street.upper()}街{i}村", development_village=(i == 1))
            units[f"village_{street}{i}"] = v
            units[f"group_{street}{i}"] = unit(f"{v.code}Z001", f"{v.name}一组")
            units[f"grid_{street}{i}"] = unit(f"{v.code}G001", f"{v.name}第一网格")
    return units


def household(village: OrgUnit, grid: OrgUnit | None = None, **extra) -> Household:
    n = next(_seq)
    return Household.objects.create(
        number=f"{village.code}{n:05d}",
        village=village,
        grid=grid,
        path=(grid or village).path,
        address=f"{village.name}{n}号",
        **extra,
    )


def person(
    household: Household | None = None,
    *,
    name: str = "",
    relation: str = "head",
    birth: date = date(1970, 5, 1),
    gender: str = "M",
    org_unit: OrgUnit | None = None,
    political_status: str = "masses",
    phone: str = "13800000000",
) -> Person:
    n = next(_seq)
    home = org_unit or (household.grid or household.village)
    p = Person(
        name=name or f"村民{n}",
        gender=gender,
        birth_date=birth,
        household=household,
        relation=relation if household else "",
        org_unit=home,
        village=household.village if household else None,
        path=household.path if household else home.path,
        political_status=political_status,
    )
    p.set_id_number(make_id_number("210113", birth, n % 500, gender))
    p.set_phone(phone)
    p.save()
    if household and relation == "head":
        household.head = p
        household.save(update_fields=["head"])
    return p


def party_member(p: Person, branch: PartyOrg, classification: str = "in_village") -> PartyMember:
    return PartyMember.objects.create(
        person=p, branch=branch, classification=classification, joined_on=date(2000, 7, 1), path=p.path
    )


def branch(org_unit: OrgUnit) -> PartyOrg:
    return PartyOrg.objects.create(
        name=f"{org_unit.name}党支部", kind="village_branch", org_unit=org_unit, path=org_unit.path
    )


def cadre(p: Person, post: str, org_unit: OrgUnit, **extra) -> CadrePost:
    extra.setdefault("started_on", date(2021, 1, 1))
    return CadrePost.objects.create(person=p, post=post, org_unit=org_unit, path=org_unit.path, **extra)


def department(county: OrgUnit, name: str = "农业农村局") -> Department:
    return Department.objects.create(name=name, org_unit=county, path=county.path)


def user(role: str, place, username: str = "", two_factor: bool | None = None):
    """A user holding `role` at an OrgUnit or a Department. Administrators come with a confirmed second
    factor, as they must have one to sign in (`totp_code` gives its current code); `two_factor` overrides."""
    from zhenxing.orgs.access import ADMIN_ROLES

    username = username or f"{role}-{next(_seq)}"
    u = get_user_model().objects.create_user(username, password=PASSWORD)
    if isinstance(place, Department):
        RoleAssignment.objects.create(user=u, role=role, department=place)
    else:
        RoleAssignment.objects.create(user=u, role=role, org_unit=place)
    if two_factor if two_factor is not None else role in ADMIN_ROLES:
        enrol_two_factor(u)
    return u


def enrol_two_factor(u):
    import pyotp
    from django.utils import timezone

    from zhenxing.core import personal
    from zhenxing.core.models import TwoFactorDevice

    return TwoFactorDevice.objects.create(user=u, secret=personal.encrypt(pyotp.random_base32()),
                                          confirmed_at=timezone.now())


def totp_code(u) -> str:
    """The code the user's authenticator shows now — or, if that one was used already, the next step's,
    which the server also accepts (clock drift), so a test may sign the same user in twice in a row."""
    import time

    from zhenxing.core import twofactor
    from zhenxing.core.models import TwoFactorDevice

    device = TwoFactorDevice.objects.get(user=u)
    step = max(int(time.time() // twofactor.STEP), device.last_step + 1)
    while step > int(time.time() // twofactor.STEP) + twofactor.DRIFT:
        time.sleep(1)
    return twofactor.code_for(device, step * twofactor.STEP)


def _square(lon: float, lat: float, side_m: float) -> tuple[str, tuple[float, float, float, float]]:
    """A square polygon `side_m` metres wide with its south-west corner at (lon, lat), as GeoJSON."""
    import math

    dy = side_m / 111_320
    dx = side_m / (111_320 * math.cos(math.radians(lat)))
    ring = [[lon, lat], [lon + dx, lat], [lon + dx, lat + dy], [lon, lat + dy], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}), (lon, lat, lon + dx, lat + dy)


def parcel(village: OrgUnit, household: Household | None = None, **fields):
    """A homestead parcel in `village`: a small square south-west of 123.5 E 42.0 N, apart from the others."""
    from decimal import Decimal

    from zhenxing.homestead.parcels.models import Parcel

    n = next(_seq)
    area = Decimal(str(fields.pop("area_m2", "200.00")))
    # Rows of 100, every other one run backwards, so that parcels made one after another always lie
    # side by side (a test drawing a map around its few parcels must not find one at the far end of a row).
    row, column = divmod(n, 100)
    column = 99 - column if row % 2 else column
    geometry, (min_x, min_y, max_x, max_y) = _square(
        123.5 + column * 0.001, 42.0 + row * 0.001, float(area) ** 0.5
    )
    values = {
        "code": f"{village.code[:6]}{village.code[6:12]}JC{n:05d}",
        "location": f"{village.name}{n}号",
        "area_m2": area,
        "build_status": "approved_built",
        "geometry": geometry,
        "min_x": min_x,
        "min_y": min_y,
        "max_x": max_x,
        "max_y": max_y,
    }
    values.update(fields)
    return Parcel.objects.create(village=village, path=village.path, household=household, **values)


def house(parcel, **fields):
    from decimal import Decimal

    from zhenxing.homestead.parcels.models import House

    values = {
        "structure": "brick_concrete",
        "floors": 1,
        "building_area_m2": Decimal("120.00"),
        "year_built": 2005,
    }
    values.update(fields)
    return House.objects.create(parcel=parcel, **values)


def square_boundary(unit: OrgUnit, lon: float, lat: float, size_deg: float) -> OrgUnit:
    """Give `unit` a square boundary (GeoJSON, EPSG:4490) with its south-west corner at lon/lat."""
    east, north = lon + size_deg, lat + size_deg
    ring = [[lon, lat], [east, lat], [east, north], [lon, north], [lon, lat]]
    unit.boundary = json.dumps({"type": "Polygon", "coordinates": [ring]})
    unit.save(update_fields=["boundary"])
    return unit


# --- 申请审批 ---------------------------------------------------------------------------------------------

def site(lon: float = 123.6, lat: float = 42.1, side_m: float = 15.0):
    """A square site polygon (shapely, EPSG:4490) `side_m` metres wide, south-west corner at lon/lat."""
    import shapely

    text, _ = _square(lon, lat, side_m)
    return shapely.from_geojson(text)


def application(household: Household, created_by, *, state: str = "draft", kind: str = "new",
                lon: float = 123.6, lat: float = 42.1, side_m: float = 15.0, **fields):
    """A homestead application of `household` in `state`, its site a square at lon/lat."""
    from decimal import Decimal

    from zhenxing.core import workflow
    from zhenxing.homestead.applications.models import Application
    from zhenxing.homestead.applications.workflows import APPLICATION
    from zhenxing.homestead.parcels.services import parcel_record

    village = household.village
    record = parcel_record(geometry=site(lon, lat, side_m), village_id=village.pk, village_path=village.path)
    values = {
        "code": f"ZJD-2024-{next(_seq):06d}", "village": village, "household": household, "kind": kind,
        "reason": "分户后无宅基地", "location": f"{village.name}新址", "site_area_m2": record.area_m2,
        "building_area_m2": Decimal("120"), "floors": 1, "geometry": record.geometry,
        "min_x": record.min_x, "min_y": record.min_y, "max_x": record.max_x, "max_y": record.max_y,
        "created_by": created_by, "path": village.path,
    }
    values.update(fields)
    due_at = values.pop("due_at", None)
    app = Application(**values)
    workflow.start(workflow=APPLICATION, record=app)
    app.state, app.due_at = state, due_at
    app.save()
    return app
# --- 流转, 有偿使用, 自愿有偿退出 (homestead modules 5–7) ---


def transfer_contract(parcel, **fields):
    """A lease of `parcel` (which must have a household) to a person, running for five years from 2024."""
    from decimal import Decimal

    from zhenxing.core import personal
    from zhenxing.homestead.transfers.models import TransferContract

    n = next(_seq)
    party_id = make_id_number("210113", date(1985, 1, 1), n % 500, "M")
    values = {
        "code": f"LZ-2024-{n:06d}",
        "kind": "lease",
        "transferee_name": f"承租人{n}",
        "transferee_kind": "person",
        "transferee_id_enc": personal.encrypt(party_id),
        "transferee_id_hash": personal.lookup_hash(party_id),
        "transferee_id_shown": personal.mask(party_id),
        "purpose": "homestay",
        "starts_on": date(2024, 1, 1),
        "ends_on": date(2029, 1, 1),
        "rent_yuan": Decimal("6000.00"),
        "payment_cycle": "yearly",
    }
    values.update(fields)
    return TransferContract.objects.create(parcel=parcel, village=parcel.village, path=parcel.path,
                                           household=parcel.household, **values)


def fee_bill(household, village=None, **fields):
    """A 超占 bill of 2024 for `household`, billed by its village unless another is given."""
    from decimal import Decimal

    from zhenxing.homestead.fees.models import FeeBill

    village = village or household.village
    n = next(_seq)
    values = {
        "code": f"YC-2024-{n:06d}",
        "year": 2024,
        "reason": "over_area",
        "basis_area_m2": Decimal("50.00"),
        "rate_yuan_per_m2": Decimal("5.00"),
        "amount_yuan": Decimal("250.00"),
    }
    values.update(fields)
    return FeeBill.objects.create(household=household, village=village, path=village.path, **values)


def exit_application(parcel, state: str = "draft", **fields):
    """An exit application for `parcel` (which must have a household), in `state`."""
    from decimal import Decimal

    from zhenxing.homestead.exits.models import ExitApplication

    n = next(_seq)
    values = {
        "code": f"TC-2024-{n:06d}",
        "house_value_yuan": Decimal("80000.00"),
        "land_value_yuan": Decimal("30000.00"),
        "eligibility_value_yuan": Decimal("10000.00"),
        "reward_yuan": Decimal("5000.00"),
        "total_yuan": Decimal("125000.00"),
        "state": state,
    }
    # The dates the ledger counts them by, as the steps set them.
    today = timezone.localdate()
    if state in ("compensated", "recovered"):
        values["compensation_paid_on"] = today
    if state == "recovered":
        values["recovered_on"] = today
    values.update(fields)
    return ExitApplication.objects.create(parcel=parcel, household=parcel.household, village=parcel.village,
                                          path=parcel.path, area_m2=parcel.area_m2, **values)
# --- 闲置盘活, 执法监管, 政策制度 (homestead modules 8–10) ---------------------------------------------


def policy(unit: OrgUnit, *, title: str = "", effective_from: date = date(2020, 1, 1),
           rules: dict | None = None, effective_to: date | None = None, **fields):
    """A policy kept at `unit` with one version from `effective_from` setting `rules` ({key: value})."""
    from decimal import Decimal

    from zhenxing.homestead.policies.models import Policy, PolicyRule, PolicyVersion

    n = next(_seq)
    values = {"title": title or f"宅基地管理办法{n}", "number": f"沈北政发〔2020〕{n}号",
              "issuer": "沈北新区人民政府", "level": "district", "category": "approval"}
    values.update(fields)
    obj = Policy.objects.create(org_unit=unit, path=unit.path, **values)
    version = PolicyVersion.objects.create(policy=obj, number=1, effective_from=effective_from,
                                           effective_to=effective_to, text=f"{obj.title}全文")
    for key, value in (rules or {}).items():
        PolicyRule.objects.create(version=version, key=key, value=Decimal(str(value)),
                                  effective_from=effective_from, effective_to=effective_to)
    return obj


def project(village: OrgUnit, **fields):
    from decimal import Decimal

    from zhenxing.homestead.revitalise.models import RevitalisationProject

    n = next(_seq)
    values = {"code": f"PH-2023-{n:04d}", "name": f"{village.name}民宿{n}", "kind": "homestay",
              "operator_name": "沈阳某文旅有限公司", "operator_kind": "company",
              "investment_yuan": Decimal("1000000.00"), "social_investment_yuan": Decimal("800000.00"),
              "started_on": date(2023, 5, 1), "status": "operating"}
    values.update(fields)
    return RevitalisationProject.objects.create(village=village, path=village.path, **values)


def inspection(village: OrgUnit, **fields):
    from zhenxing.homestead.enforcement.models import Inspection

    values = {"inspected_on": date(2024, 4, 1), "inspectors": "执法队 王某、李某", "kind": "routine",
              "findings": "发现未批先建一处"}
    values.update(fields)
    return Inspection.objects.create(village=village, path=village.path, **values)


def violation(village: OrgUnit, *, state: str = "pending", deadline: date = date(2024, 5, 6), **fields):
    """A violation in `state` whose rectification deadline is `deadline` (overdue when past and open)."""
    from datetime import datetime, time

    from django.utils import timezone

    from zhenxing.homestead.enforcement.models import Violation

    n = next(_seq)
    due = datetime.combine(deadline, time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    values = {"code": f"WF-2024-{n:04d}", "kind": "unapproved", "found_on": date(2024, 4, 1),
              "description": "未经批准建房", "state": state,
              "due_at": due if state in ("pending", "rectifying") else None}
    values.update(fields)
    return Violation.objects.create(village=village, path=village.path, deadline=deadline, **values)


# --- governance cases (吹哨报到) ---
def dispatch_category(*departments, name: str = "", urgency: str = "general", **fields):
    from zhenxing.governance.cases.models import DispatchCategory

    c = DispatchCategory.objects.create(name=name or f"事项{next(_seq)}", urgency=urgency, **fields)
    c.departments.set(departments)
    return c


def case(village: OrgUnit, *, state: str = "reported", lead_department=None, category=None, **fields):
    """A case at `state` without its steps (for scope and list tests); the code is unique per call."""
    from django.utils import timezone

    from zhenxing.governance.cases.models import Case

    fields.setdefault("code", f"AJ-2024-{next(_seq):06d}")
    fields.setdefault("description", "路灯损坏")
    fields.setdefault("source", "grid")
    dispatched = timezone.now() if lead_department else None
    return Case.objects.create(village=village, path=village.path, state=state,
                               lead_department=lead_department, category=category,
                               dispatched_at=dispatched, **fields)
# --- end governance cases ---


# --- 评理说事 (governance mediation) ---

def mediation_point(village: OrgUnit, **fields):
    from zhenxing.governance.mediation.models import MediationPoint

    values = {"name": f"{village.name}评理说事点", "address": f"{village.name}村委会",
              "open_hours": "周一至周五", "path": village.path}
    values.update(fields)
    point, _ = MediationPoint.objects.get_or_create(village=village, defaults=values)
    return point


def mediator(point, who: Person | None = None, kind: str = "sage", since: date = date(2024, 1, 1)):
    from zhenxing.governance.mediation.models import Mediator

    who = who or person(None, name=f"说事员{next(_seq)}", org_unit=point.village)
    return Mediator.objects.create(person=who, point=point, kind=kind, since=since, path=point.path)


def dispute(village: OrgUnit, *, state: str = "registered", level: str = "village", registered_at=None,
            parties: tuple[str, ...] = ("张甲", "李乙"), **fields):
    """A dispute of `village` in `state`, mediated at `level` (its path is that level's unit)."""
    from datetime import timedelta

    from django.utils import timezone

    from zhenxing.governance.mediation.models import Dispute, DisputeParty

    registered_at = registered_at or timezone.now()
    unit = {"village": village, "street": village.parent}.get(level) or village.children.filter(
        level="group").first()
    values = {"code": f"TJ-2026-{next(_seq):06d}", "kind": "neighbour", "description": "邻里排水纠纷",
              "registered_at": registered_at, "limit_at": registered_at + timedelta(days=30),
              "path": unit.path, "state": state, "state_since": registered_at}
    if state in ("agreed", "followed_up", "closed"):  # as the agreement step sets it
        values["agreed_at"] = registered_at
    values.update(fields)
    values.setdefault("due_at", values["limit_at"] if state in ("registered", "mediating", "failed",
                                                                "escalated") else None)
    d = Dispute.objects.create(village=village, level=level, **values)
    DisputeParty.objects.bulk_create(DisputeParty(dispute=d, name=n) for n in parties)
    return d


# --- points shop ---

def spendable_scheme(county: OrgUnit, code: str = "qise", floor: int | None = 0):
    """A household scheme (七色积分) that the points shops accept."""
    from zhenxing.points.rules.models import Scheme

    scheme, _ = Scheme.objects.get_or_create(code=code, defaults={
        "name": "七色积分", "subject": "household", "org_unit": county, "path": county.path, "floor": floor,
        "year_end": "carry", "spendable": True})
    return scheme


def points_shop(village: OrgUnit, scheme=None, name: str = "", **fields):
    from zhenxing.points.shop.models import Shop

    scheme = scheme or spendable_scheme(OrgUnit.objects.get(code=village.code[:6] + "000000"))
    return Shop.objects.create(village=village, path=village.path, name=name or f"{village.name}积分超市",
                               scheme=scheme, **fields)


def shop_goods(shop, name: str = "洗衣粉", price: int = 10, stock: int = 0, unit: str = "袋"):
    """Goods on the shelf, with `stock` put in through the ledger (kind stock_in)."""
    from zhenxing.core import ledger
    from zhenxing.points.shop.models import STOCK_BOOK, Goods

    account = ledger.open_account(book=STOCK_BOOK, holder=f"new:{next(_seq)}", scope_path=shop.path, floor=0)
    goods = Goods.objects.create(shop=shop, path=shop.path, name=name, unit=unit, price=price,
                                 stock_account=account)
    account.holder = f"goods:{goods.pk}"
    account.save(update_fields=["holder"])
    if stock:
        ledger.post(account=account, amount=stock, kind="stock_in", memo="测试入库")
        account.refresh_from_db()
    return goods


def household_points(household: Household, scheme, amount: int, year: int | None = None):
    """Give a household `amount` points for the year (an "opening" entry) and return its account."""
    from django.utils import timezone

    from zhenxing.core import ledger
    from zhenxing.points import accounts

    account = accounts.account(scheme, household, year or timezone.localdate().year)
    ledger.post(account=account, amount=amount, kind="opening", memo="测试期初积分")
    account.refresh_from_db()
    return account


def shop_redemption(shop, goods, household, quantity: int = 1, key: str = ""):
    """A redemption posted straight to the ledger (points and stock must be there)."""
    from django.utils import timezone

    from zhenxing.core import ledger
    from zhenxing.core.numbering import save_with_code
    from zhenxing.points import accounts
    from zhenxing.points.shop.models import Redemption

    key = key or f"factory-{next(_seq):08d}"
    points = accounts.account(shop.scheme, household, timezone.localdate().year)
    cost = goods.price * quantity
    points_entry, stock_entry = ledger.post_many(
        [ledger.Line(points.pk, -cost, "redeem"), ledger.Line(goods.stock_account_id, -quantity, "redeem")],
        key=f"redeem:{key}")
    r = Redemption(shop=shop, goods=goods, household=household, path=shop.path, quantity=quantity,
                   points=cost, points_entry=points_entry, stock_entry=stock_entry, request_key=key)
    save_with_code(r, "DH", timezone.localdate().year)
    return r
# --- end points shop ---
# --- points publish ---
def points_scheme(county: OrgUnit, *, code: str = "", subject: str = "household", year_end: str = "carry",
                  floor: int | None = 0, **fields):
    """A points scheme owned by the county, with two colour categories (red, green)."""
    from zhenxing.points.rules.models import Category, Scheme

    code = code or f"S{next(_seq)}"
    s = Scheme.objects.create(code=code, name=fields.pop("name", f"积分方案{code}"), subject=subject,
                              org_unit=county, path=county.path, floor=floor, year_end=year_end, **fields)
    Category.objects.create(scheme=s, code="red", name="党建引领", colour="#d7263d", order=1)
    Category.objects.create(scheme=s, code="green", name="人居环境", colour="#2e7d32", order=4)
    return s


def points_entry(scheme, holder, amount: int, on: date, *, kind: str = "", category: str = "red"):
    """An approved entry straight into the holder's ledger account of that year (kind award/deduct)."""
    from zhenxing.core import ledger
    from zhenxing.points.accounts import account

    kind = kind or ("award" if amount >= 0 else "deduct")
    return ledger.post(account=account(scheme, holder, on.year), amount=amount, kind=kind, category=category,
                       ref=f"test:{next(_seq)}", occurred_on=on)
# --- end points publish ---
# --- points rules ---

def point_scheme(owner: OrgUnit, *, code: str = "party", subject: str = "member", **fields):
    """A scheme owned by `owner` (a county), with one category per (code, name, colour) in `categories`."""
    from zhenxing.points.rules.models import Category, Scheme

    categories = fields.pop("categories",
                            [("study", "政治学习", "#b71c1c"), ("deduct", "扣分事项", "#424242")])
    values = {"name": {"member": "党员积分", "household": "七色积分"}[subject], "floor": 0,
              "year_end": "reset" if subject == "member" else "carry", "spendable": subject == "household"}
    values.update(fields)
    scheme = Scheme.objects.create(code=code, subject=subject, org_unit=owner, path=owner.path, **values)
    for order, (c, name, colour) in enumerate(categories, start=1):
        Category.objects.create(scheme=scheme, code=c, name=name, colour=colour, order=order)
    return scheme


def rule_book(scheme, unit: OrgUnit, *, version: int | None = None, effective_from: date = date(2024, 1, 1),
              bases: dict | None = None, **fields):
    from zhenxing.points.rules.models import RuleBook

    if version is None:
        version = RuleBook.objects.filter(scheme=scheme, org_unit=unit).count() + 1
    title = fields.pop("title", f"{unit.name}{scheme.name}细则")
    return RuleBook.objects.create(scheme=scheme, org_unit=unit, path=unit.path, version=version, title=title,
                                   effective_from=effective_from,
                                   bases=({"": 60} if bases is None and scheme.subject == "member"
                                          else bases or {}), **fields)


def rule_item(book, *, code: str = "", category=None, points: int = 2, **fields):
    """An item of `book`; by default adjustable by villages within 1–3, capped at 8 a month."""
    from zhenxing.points.rules.models import RuleItem

    values = {"name": f"事项{code or 'X'}", "min_points": 1 if points > 0 else None,
              "max_points": 3 if points > 0 else None, "cap": 8 if points > 0 else None,
              "cap_period": "month" if points > 0 else "", "proposers": ["village_secretary", "grid_worker"],
              "approvers": ["village_secretary"]}
    values.update(fields)
    category = category or book.scheme.categories.order_by("order").first()
    return RuleItem.objects.create(book=book, category=category, code=code or f"I{next(_seq):03d}",
                                   points=points, **values)

# --- end points rules ---
# --- points claims ---

def claims_scheme(county: OrgUnit, *, code: str = "", subject: str = "household", floor: int | None = 0,
                  **fields):
    from zhenxing.points.rules.models import Scheme

    code = code or f"S{next(_seq)}"
    values = {"name": {"household": "七色积分", "member": "党员积分"}[subject] + code, "subject": subject,
              "org_unit": county, "path": county.path, "floor": floor}
    values.update(fields)
    return Scheme.objects.create(code=code, **values)


def points_category(scheme, code: str = "green", name: str = "人居环境", colour: str = "#2e7d32",
                    order: int = 0):
    from zhenxing.points.rules.models import Category

    category, _ = Category.objects.get_or_create(scheme=scheme, code=code,
                                                 defaults={"name": name, "colour": colour, "order": order})
    return category


def claims_rule_book(scheme, unit: OrgUnit, *, version: int = 1, effective_from: date = date(2020, 1, 1),
              bases: dict | None = None, **fields):
    from zhenxing.points.rules.models import RuleBook

    return RuleBook.objects.create(scheme=scheme, org_unit=unit, path=unit.path, version=version,
                                   title=fields.pop("title", f"{unit.name}积分细则"),
                                   effective_from=effective_from, bases=bases or {}, **fields)


def claims_rule_item(book, *, points: int = 5, category=None, code: str = "", name: str = "", **fields):
    from zhenxing.points.rules.models import RuleItem

    category = category or points_category(book.scheme)
    n = next(_seq)
    return RuleItem.objects.create(book=book, category=category, code=code or f"I{n}",
                                   name=name or f"积分事项{n}", points=points, **fields)


def points_claim(item, holder, *, state: str = "proposed", points: int | None = None,
                 occurred_on: date = date(2024, 5, 6), **fields):
    """A claim put straight in `state` (no ledger posting: approve through the service for that)."""
    from zhenxing.points.claims.models import Claim

    is_member = isinstance(holder, PartyMember)
    return Claim.objects.create(
        code=fields.pop("code", f"JF-2024-{next(_seq):06d}"), scheme=item.book.scheme, item=item,
        member=holder if is_member else None, household=None if is_member else holder,
        points=item.points if points is None else points, occurred_on=occurred_on,
        description=fields.pop("description", "测试申报"), path=holder.path, state=state, **fields)
# --- end points claims ---
