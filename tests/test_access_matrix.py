"""Every URL pattern and every API route, requested as every role and as an anonymous visitor, with
parameters filled from objects inside and outside the actor's scope.

What must hold everywhere:
- anonymous: pages redirect to /login/, the API answers 401 (a few open routes excepted, listed below);
- nothing ever answers 500 (the test client re-raises the exception, so the test fails on it);
- an object outside the actor's scope answers 404, never 403 or 200;
- inside the scope, the answer follows the role's capabilities (orgs.access.ROLES): the success status
  when the role holds every capability the route needs, 404 otherwise;
- lists show the records inside the scope and none outside (a grid worker sees only its grid).

A route this file does not know fails the test: add it to PAGES or API below.
"""

import io
import itertools
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

import openpyxl
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from zhenxing.api import api
from zhenxing.core import attachments, excel
from zhenxing.core.models import ExportJob, ImportJob, Notification
from zhenxing.governance.teams.models import Team
from zhenxing.homestead.applications.models import Objection
from zhenxing.homestead.values import make_credit_code
from zhenxing.mechanisms.duties import services as duty_services
from zhenxing.mechanisms.tasks import services as task_services
from zhenxing.orgs import access, exports, search
from zhenxing.orgs.access import (
    APPLY_HOMESTEAD,
    ATTACH,
    DISPATCH_CASE,
    EXPORT,
    HANDLE_CASE,
    IMPORT,
    KEEP_SHOP,
    MANAGE_CALENDAR,
    MANAGE_HOMESTEAD,
    MANAGE_POLICIES,
    MANAGE_SECURITY,
    MANAGE_TASKS,
    MANAGE_TEAMS,
    MANAGE_USERS,
    MEDIATE,
    REDEEM_POINTS,
    REPORT_CASE,
    REPORT_TASKS,
    REVIEW_HOMESTEAD,
    ROLES,
    SET_TARGETS,
    SIGN_HOMESTEAD,
    VIEW_AUDIT,
    VIEW_DASHBOARD,
    VIEW_ORGS,
    VIEW_OWN_HOUSEHOLD,
    VIEW_PEOPLE,
    VIEW_PERSONAL,
    WORK_CASE,
)
from zhenxing.orgs.api_auth import issue_token
from zhenxing.testing import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Where each role's test user sits (keys of the world's places), as the brief of the matrix fixes them.
PLACES = {
    "district_admin": "county",
    "street_admin": "street_a",
    "street_reviewer": "street_a",
    "village_secretary": "village_a1",
    "village_cadre": "village_a1",
    "first_secretary": "village_a1",
    "grid_worker": "grid_a1",
    "department_staff": "department",
    "villager": "village_a1",
    "system_admin": "county",
    "security_admin": "county",
    "audit_admin": "county",
}
# Homes of the people in the world: inside and outside every role's scope at some level.
HOMES = {
    "a1g1": ("village_a1", "grid_a1", "张网格一"),
    "a1g2": ("village_a1", "grid_a1_2", "李网格二"),
    "a2": ("village_a2", "grid_a2", "王二村民"),
    "b1": ("village_b1", "grid_b1", "赵乙街民"),
    "other": ("other_village", None, "钱外区民"),
}


def build_world():
    units = factories.district()
    units["grid_a1_2"] = factories.unit("210113001201G002", "A街1村第二网格")
    units["other_county"] = factories.unit("210112000000", "浑南区")
    units["other_street"] = factories.unit("210112001000", "浑南街道")
    units["other_village"] = factories.unit("210112001201", "浑南一村")
    department = factories.department(units["county"])
    admin = factories.user("district_admin", units["other_county"], username="matrix-owner")
    owner = access.actor_for(admin)

    households, persons, posts, atts, jobs, parcels = {}, {}, {}, {}, {}, {}
    applications, application_files, objections = {}, {}, {}
    transfers, bills, exits, teams = {}, {}, {}, {}
    for key, (village, grid, name) in HOMES.items():
        h = factories.household(units[village], units[grid] if grid else None)
        p = factories.person(h, name=name, birth=date(1960 + len(households), 2, 3), political_status="cpc")
        factories.party_member(p, factories.branch(units[village]))
        posts[key] = factories.cadre(p, "two_committee", units[village])
        households[key], persons[key] = h, p
        parcels[key] = factories.parcel(units[village], h)
        atts[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}.png", PNG + key.encode(), content_type="image/png"),
            owner_type="people.household", owner_id=str(h.pk), scope_path=h.path, user=owner.user,
        )
        # An approved application (its 批准书 can be downloaded), with a file and a 公示 objection.
        app = factories.application(h, admin, state="approved", approval_number=f"宅批〔2024〕第{key}号")
        applications[key] = app
        application_files[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}-申请表.png", PNG + b"app" + key.encode(),
                                      content_type="image/png"),
            owner_type="homestead.application", owner_id=str(app.pk), scope_path=app.path, user=admin,
        )
        objections[key] = Objection.objects.create(application=app, raised_by="异议人", content="异议",
                                                   raised_on=date(2024, 1, 2), recorded_by=admin)
        teams[key] = Team.objects.create(name=f"{key}党员服务队", kind="service", org_unit=units[village],
                                         path=units[village].path, founded_on=date(2023, 1, 1))
        # 流转, 有偿使用, 自愿有偿退出
        transfers[key] = factories.transfer_contract(parcels[key])
        bills[key] = factories.fee_bill(h, village=units[village])
        exits[key] = factories.exit_application(parcels[key])
    for key in ("county", "street_a", "street_b", "village_a1", "other_county"):
        jobs[key] = ImportJob.objects.create(kind="persons", file_name=f"{key}.xlsx", file_path="/none",
                                             scope_path=units[key].path, created_by=admin, status="done")
    world = SimpleNamespace(units=units, department=department, households=households, persons=persons,
                            posts=posts, attachments=atts, jobs=jobs, parcels=parcels,
                            applications=applications, application_files=application_files,
                            objections=objections, transfers=transfers, bills=bills, exits=exits,
                            teams=teams)
    add_homestead_records(world, owner)
    add_case_records(world, owner)
    add_mediation_records(world, owner)
    add_shop_records(world)  # 积分超市
    add_points_publish_records(world, owner)  # points publish
    add_points_rules_records(world)
    add_points_claim_records(world, owner)
    add_visit_records(world, owner)
    add_points_api_records(world, owner)  # API: points
    add_task_records(world, owner)  # 任务清单
    return world


def place_path(world, role: str) -> str:
    place = PLACES[role]
    return world.department.path if place == "department" else world.units[place].path


USE_KINDS = {"transfer": "transfers", "fee_bill": "bills", "exit": "exits"}  # kind -> world attribute


# --- What fills a route's parameters -----------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One object a route is requested with: its URL parameter and the path that decides scope."""

    label: str
    value: object
    path: str
    visible_below: bool = False  # also inside for actors below the path (documents public to the subtree)


def targets(world, kind: str | None) -> list[Target]:
    if kind in USE_KINDS:
        return [Target(k, obj.pk, obj.path) for k, obj in getattr(world, USE_KINDS[kind]).items()]
    if kind is None:
        return [Target("-", None, "")]
    if kind == "unit":
        keys = ("county", "street_a", "street_b", "village_a1", "village_a2", "village_b1", "grid_a1",
                "grid_a1_2", "other_county", "other_village")
        return [Target(k, world.units[k].code, world.units[k].path) for k in keys]
    if kind == "village":  # routes that only answer for villages
        keys = ("village_a1", "village_a2", "village_b1", "other_village")
        return [Target(k, world.units[k].code, world.units[k].path) for k in keys]
    if kind in HOMESTEAD_RECORD_KINDS:
        return homestead_record_targets(world, kind)
    if kind in CASE_KINDS:
        return case_targets(world, kind)
    if kind in POINTS_PUBLISH_KINDS:  # points publish
        return points_publish_targets(world, kind)
    if kind in MEDIATION_KINDS:
        return mediation_targets(world, kind)
    if kind in SHOP_KINDS:
        return shop_targets(world, kind)
    if kind in POINTS_RULES_KINDS:
        return points_rules_targets(world, kind)
    if kind in POINTS_CLAIM_KINDS:
        return points_claim_targets(world, kind)
    if kind in POINTS_API_KINDS:  # API: points
        return points_api_targets(world, kind)
    if kind in TASK_KINDS:
        return task_targets(world, kind)
    if kind == "audit_event":
        return audit_event_targets(world)
    if kind == "notification":  # labelled by the role whose user it was sent to (Recipe.own)
        return [Target(k, n.pk, world.units["county"].path) for k, n in world.notifications.items()]
    if kind == "export_job":  # labelled by the role whose user asked for it (Recipe.own)
        return [Target(k, job.pk, job.scope_path) for k, job in world.export_jobs.items()]
    if kind == "application_file":
        return [Target(k, {"pk": f.owner_id, "file_pk": f.pk}, f.scope_path)
                for k, f in world.application_files.items()]
    if kind == "objection":
        return [Target(k, {"pk": o.application_id, "objection_pk": o.pk}, o.application.path)
                for k, o in world.objections.items()]
    source = {"team": world.teams, "visit": world.visits, "application": world.applications,
              "person": world.persons,
              "household": world.households,
              "attachment": world.attachments,
              "import_job": world.jobs, "parcel": world.parcels}[kind]
    return [Target(k, obj.pk, getattr(obj, "path", None) or obj.scope_path) for k, obj in source.items()]


# --- The recipes ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recipe:
    fill: str | None = None  # kind of object filling the URL parameters (see targets())
    needs: frozenset = frozenset()  # capabilities the role must hold over the object to succeed
    ok: int = 200  # status on success
    method: str = "GET"
    query: str = ""  # "{}" is replaced by the target's value (for a unit passed in the query)
    kwargs: dict = field(default_factory=dict)  # fixed URL parameters
    data: str | None = None  # name of a POST body in post_data()
    anonymous: int | None = None  # status for anonymous visitors, when the route is open to them
    lists: str | None = None  # kind of record listed (see listed()): those in scope shown, none outside
    label: str = ""
    settings: dict = field(default_factory=dict)  # settings the request is made under
    own: bool = False  # the target is one role's own record (labelled with the role): 404 to every other
    any_of: frozenset = frozenset()  # besides `needs`, the role must hold at least one of these
    villager_own: bool = False  # a villager succeeds on its own household's record (home a1g1) only


def needs(*caps):
    return frozenset(caps)


RECEIPTS = itertools.count(1)


def post_data(name: str, world):
    if name.endswith(":json"):  # the page's form body, sent to the API as a JSON object
        return {"_json": post_data(name.removesuffix(":json"), world)}
    if name == "target":
        return {"indicator": "people.households", "year": "2024", "value": "10"}
    if name == "holiday":
        return {"date": "2035-01-02", "name": "测试假日", "is_workday": "0"}
    if name == "file":
        return {"file": SimpleUploadedFile("证明.png", PNG + b"matrix", content_type="image/png")}
    if name == "import_without_file":
        return {"kind": "persons"}
    if name == "application_json":  # sent as JSON (see request())
        return {"_json": {"household": world.households["a1g1"].number, "kind": "new", "reason": "分户",
                          "location": "一组", "building_area_m2": "120", "floors": 1,
                          "geometry": json.loads(shapely.to_geojson(factories.site()))}}
    if name == "team":
        return {"unit": world.units["village_a1"].code, "name": "矩阵服务队", "kind": "service",
                "founded_on": "2024-01-02"}
    if name == "member":
        return {"person": world.persons["a1g1"].pk, "role": "member", "joined_on": "2024-01-02"}
    if name == "activity":
        return {"kind": "volunteer", "title": "清扫村路", "held_on": "2024-05-06", "hours_0": "1"}
    if name == "visit":
        return {"visited_on": "2024-05-06", "purpose": "routine", "notes": "矩阵走访"}
    if name == "supervise_json":
        return {"_json": {"kind": "governance.case.whistled.street", "record_id": 1}}
    if name == "read_json":
        return {"_json": {"ids": None}}
    if name == "preferences_json":
        return {"_json": {"chosen": ["sms:overdue"]}}
    if name == "step_json":
        return {"_json": {"comment": "", "data": {}}}
    if name in TASK_POSTS:
        return TASK_POSTS[name](world)
    if name in POINTS_PUBLISH_POSTS:  # points publish
        return POINTS_PUBLISH_POSTS[name](world)
    if name in HOMESTEAD_POSTS:
        return HOMESTEAD_POSTS[name](world)
    parcel = world.parcels["a1g1"]
    bodies = {
        "transfer_new": {"parcel": parcel.code, "kind": "mortgage", "transferee_name": "沈北农商银行",
                         "transferee_kind": "enterprise", "transferee_id": make_credit_code("210113", 7),
                         "purpose": "other", "starts_on": "2025-01-01", "ends_on": "2028-01-01",
                         "rent_yuan": "0", "payment_cycle": "lump_sum"},
        "termination": {"terminated_on": "2025-01-01", "termination_reason": "协商解除"},
        "fee_issue": {"village": world.units["village_a1"].code, "year": "2025"},
        "fee_pay": {"amount_yuan": "10", "paid_on": "2025-05-01", "receipt_number": "MATRIX-1",
                    "method": "cash"},
        # A receipt number is entered once: each request of the API's payment brings a new one.
        "fee_pay_api": {"amount_yuan": "10", "paid_on": "2025-05-01", "method": "cash",
                        "receipt_number": f"API-{next(RECEIPTS)}"},
        "fee_reduce": {"reduce_amount_yuan": "10", "decided_on": "2025-05-01", "reason": "困难户"},
        "exit_submit": {"transition": "submit"},
        "exit_valuation": {"house_value_yuan": "80000", "land_value_yuan": "30000",
                           "eligibility_value_yuan": "0", "reward_yuan": "0", "keeps_eligibility": "1"},
        # A parcel of home a1g1 with no exit open (the world's first parcels each have one).
        "exit_new": {"parcel": world.idle_parcels["a1g1"].code, "house_value_yuan": "80000",
                     "land_value_yuan": "30000", "eligibility_value_yuan": "0", "reward_yuan": "0"},
    }
    return bodies.get(name, {})


PEOPLE = needs(VIEW_PEOPLE)
SEARCHES = frozenset(search.CAPABILITIES)  # any one of them gives the search box
# 申请审批: staff holding the registers or a review grant see the applications of their subtree; a villager
# sees its own household's; a department sees them only in 联审 (the world's are approved, so 404 to it:
# homestead/applications/tests/test_department_scope.py has the step itself). Steps refused by role are
# flashed on the application page (a redirect), since the actor may see the application.
SEES_APPLICATIONS = dict(any_of=frozenset({VIEW_PEOPLE, REVIEW_HOMESTEAD}), villager_own=True)
LISTS_APPLICATIONS = dict(
    any_of=frozenset({VIEW_PEOPLE, REVIEW_HOMESTEAD, SIGN_HOMESTEAD}), villager_own=True)
# --- 评理说事 (governance mediation): read with the people registers over the dispute's village, written
# with MEDIATE over the level where it sits (all the world's disputes sit at their village).
MEDIATE_PEOPLE = needs(VIEW_PEOPLE, MEDIATE)
MEDIATION_PAGES = {
    "governance:mediation_points": [
        Recipe(None, PEOPLE), Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", label="export")],
    "governance:mediation_point_new": [Recipe(None, needs(MEDIATE))],
    "governance:mediation_point": [Recipe("mediation_point", PEOPLE)],
    "governance:mediator_add": [Recipe("mediation_point", MEDIATE_PEOPLE, method="POST", ok=302)],
    "governance:mediators": [Recipe(None, PEOPLE)],
    "governance:disputes": [
        Recipe(None, PEOPLE, lists="disputes"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", label="export"),
        Recipe(None, PEOPLE, query="deadline=near", lists="disputes", label="near")],
    "governance:disputes_deadlines": [Recipe(None, PEOPLE, lists="disputes")],
    "governance:dispute_new": [Recipe(None, needs(MEDIATE))],
    "governance:dispute": [Recipe("dispute", PEOPLE)],
    "governance:dispute_step": [Recipe("dispute", MEDIATE_PEOPLE, method="POST", ok=302)],
    "governance:dispute_attach": [Recipe("dispute", MEDIATE_PEOPLE, method="POST", ok=302, data="file")],
    "governance:dispute_file": [Recipe("dispute_file", PEOPLE)],
    "governance:dispute_agreement": [Recipe("dispute", PEOPLE)],
}
APPLICATION_PAGES = {
    "homestead:applications": [Recipe(None, **LISTS_APPLICATIONS)],
    "homestead:application_deadlines": [Recipe(None, **LISTS_APPLICATIONS)],
    "homestead:application_new": [Recipe(None, needs(APPLY_HOMESTEAD))],
    # The drawing map's layers and live pre-check: the applicant's own village only (a villager's household's,
    # village staff's village); any other village is 404.
    "homestead:application_site_layers": [Recipe("village", needs(APPLY_HOMESTEAD), query="village={}")],
    "homestead:application_site_check": [
        Recipe(None, needs(APPLY_HOMESTEAD), method="POST", data="site_check:json")],
    "homestead:application": [Recipe("application", **SEES_APPLICATIONS)],
    "homestead:application_step": [Recipe("application", method="POST", ok=302, **SEES_APPLICATIONS)],
    "homestead:application_attach": [
        Recipe("application", method="POST", ok=302, data="file", **SEES_APPLICATIONS)],
    "homestead:application_file": [Recipe("application_file", **SEES_APPLICATIONS)],
    "homestead:objection_add": [Recipe("application", method="POST", ok=302, **SEES_APPLICATIONS)],
    "homestead:objection_resolve": [Recipe("objection", method="POST", ok=302, **SEES_APPLICATIONS)],
    # Approved: no department sees it, so nobody can sign.
    "homestead:opinion_sign": [Recipe("application", method="POST", ok=404)],
    "homestead:application_document": [
        Recipe("application", kwargs={"document": "approval", "fmt": "pdf"}, **SEES_APPLICATIONS)],
}
PAGES: dict[str, list[Recipe]] = {
    **MEDIATION_PAGES,
    "login": [Recipe(anonymous=200)],
    # Without a password given first there is no code to ask for: back to the login form.
    "login_code": [Recipe(ok=302, anonymous=302)],
    "logout": [Recipe(method="POST", ok=302, anonymous=302)],
    # 我的账号: every role has these pages, for itself.
    "account:home": [Recipe(None)],
    "account:password": [Recipe(None)],
    "account:two_factor": [Recipe(None)],
    "account:logins": [Recipe(None)],
    # 三员分立: users (system administrator), security (security administrator), audit:log (auditor).
    "users": [Recipe(None, needs(MANAGE_USERS))],
    "security": [Recipe(None, needs(MANAGE_SECURITY))],
    "healthz": [Recipe(anonymous=200)],
    "api:openapi-json": [Recipe(anonymous=200)],
    "api:openapi-view": [Recipe(anonymous=200)],  # the reference (Swagger UI), open like the schema
    "api:api-root": [Recipe(ok=404, anonymous=404, label="the API's root is no page; docs at /docs")],
    # 工作台: everyone's home is their work (待办, today's grid work, the villager's household …); the inbox
    # and its settings are each user's own; a message opens (marked read) to what it is about.
    "workspace:home": [Recipe(None)],
    "workspace:badges": [Recipe(None)],
    "workspace:inbox": [Recipe(None), Recipe(None, query="unread=1", label="unread")],
    "workspace:read_all": [Recipe(None, method="POST", ok=302)],
    "workspace:preferences": [Recipe(None), Recipe(None, method="POST", ok=302, label="save")],
    "workspace:message": [Recipe("notification", ok=302, own=True)],
    # 督办 names a record of the actor's own queue (workspace/tests/test_queue.py); none named: 404.
    "workspace:supervise": [Recipe(None, method="POST", ok=404, label="no record named")],
    "stats:overview": [Recipe(None, needs(VIEW_DASHBOARD), ok=302)],
    "stats:dashboard": [
        Recipe("unit", needs(VIEW_DASHBOARD)),
        Recipe("unit", needs(VIEW_DASHBOARD, EXPORT), query="export=xlsx", label="export"),
    ],
    "stats:set_target": [
        Recipe("unit", needs(VIEW_DASHBOARD, SET_TARGETS), method="POST", ok=302, data="target"),
    ],
    "stats:refresh": [
        Recipe("unit", needs(VIEW_DASHBOARD, SET_TARGETS), method="POST", ok=302),
    ],
    "stats:drill": [
        Recipe("unit", needs(VIEW_DASHBOARD), kwargs={"key": "org.villages"}, label="org.villages"),
        Recipe("unit", needs(VIEW_DASHBOARD, VIEW_PEOPLE), kwargs={"key": "people.population"},
               label="people.population"),
        Recipe("unit", needs(VIEW_DASHBOARD, VIEW_PEOPLE, EXPORT), kwargs={"key": "people.population"},
               query="export=xlsx", label="people.population export"),
        Recipe("unit", needs(VIEW_DASHBOARD, VIEW_PEOPLE), ok=404, kwargs={"key": "no.such.indicator"},
               label="unknown indicator"),
    ],
    # An indicator's map of villages: the figures are the dashboard's (no records shown, so no VIEW_PEOPLE).
    "stats:map": [
        Recipe("unit", needs(VIEW_DASHBOARD), kwargs={"key": "people.households"}, label="people.households"),
        Recipe("unit", needs(VIEW_DASHBOARD), ok=404, kwargs={"key": "no.such.indicator"},
               label="unknown indicator"),
        Recipe("unit", needs(VIEW_DASHBOARD), ok=404, kwargs={"key": "org.villages"}, label="not by village"),
    ],
    "orgs:tree": [Recipe(None, needs(VIEW_ORGS))],
    "orgs:unit": [Recipe("unit", needs(VIEW_ORGS))],
    "people:persons": [
        Recipe(None, PEOPLE, lists="persons"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="persons", label="export"),
        # Above the inline threshold the export is a job (run at once in the suite) and 我的导出 the answer.
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), ok=302, query="export=xlsx", label="export as a job",
               settings={"EXPORT_INLINE_ROWS": -1}),
    ],
    "people:person": [Recipe("person", PEOPLE)],
    "people:reveal": [Recipe("person", needs(VIEW_PEOPLE, VIEW_PERSONAL), method="POST")],
    "people:households": [
        Recipe(None, PEOPLE, lists="households"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="households", label="export"),
    ],
    "people:household": [Recipe("household", PEOPLE)],
    "people:attach": [Recipe("household", needs(VIEW_PEOPLE, ATTACH), method="POST", ok=302, data="file")],
    "people:attachment": [Recipe("attachment", PEOPLE)],
    "people:party_members": [
        Recipe(None, PEOPLE, lists="persons"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="persons", label="export"),
    ],
    "people:cadres": [
        Recipe(None, PEOPLE, lists="cadres"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="cadres", label="export"),
    ],
    "people:my_household": [Recipe(None, needs(VIEW_OWN_HOUSEHOLD))],
    "imports:index": [
        Recipe(None, needs(IMPORT)),
        Recipe(None, needs(IMPORT), method="POST", ok=400, data="import_without_file", label="no file"),
    ],
    "imports:template": [
        Recipe("unit", needs(IMPORT), kwargs={"kind": "persons"}, query="unit={}"),
        Recipe(None, needs(IMPORT), ok=404, kwargs={"kind": "no_such_kind"}, label="unknown kind"),
    ],
    "imports:job": [Recipe("import_job", needs(IMPORT))],
    "imports:job_status": [Recipe("import_job", needs(IMPORT))],
    "imports:job_errors": [Recipe("import_job", needs(IMPORT))],
    # The matrix's job awaits no confirmation and none of the roles uploaded it: 404 for everyone.
    # Confirming one's own upload: homestead/parcels/tests/test_import_warnings.py.
    "imports:confirm": [Recipe("import_job", needs(IMPORT), method="POST", ok=404)],
    "audit:log": [Recipe(None, needs(VIEW_AUDIT))],
    "audit:verify": [Recipe(None, needs(VIEW_AUDIT), method="POST", ok=302)],
    # 我的导出: each role's own jobs only; every role and the matrix's owner have one (add_export_jobs).
    "exports:index": [Recipe(None, needs(EXPORT))],
    "exports:status": [Recipe(None, needs(EXPORT))],
    "exports:download": [Recipe("export_job", needs(EXPORT), own=True)],
    "homestead:parcels": [
        Recipe(None, PEOPLE, lists="parcels"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="parcels", label="export"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=geojson", lists="parcels", label="geojson"),
    ],
    "homestead:parcel": [Recipe("parcel", PEOPLE)],
    "governance:grid": [Recipe(None, PEOPLE, lists="households")],
    "governance:visits": [Recipe(None, PEOPLE)],
    "governance:visit_new": [
        Recipe("household", needs(VIEW_PEOPLE, REPORT_CASE)),
        Recipe("household", needs(VIEW_PEOPLE, REPORT_CASE), method="POST", ok=302, data="visit",
               label="log"),
    ],
    "governance:teams": [Recipe(None, PEOPLE, lists="teams")],
    "governance:team_new": [
        Recipe(None, needs(MANAGE_TEAMS)),
        Recipe(None, needs(MANAGE_TEAMS), method="POST", ok=302, data="team", label="create"),
    ],
    "governance:team": [Recipe("team", PEOPLE)],
    "governance:team_member_add": [Recipe("team", needs(VIEW_PEOPLE, MANAGE_TEAMS), method="POST", ok=302,
                                          data="member")],
    "governance:team_activity_add": [Recipe("team", needs(VIEW_PEOPLE, MANAGE_TEAMS), method="POST", ok=302,
                                            data="activity")],
    "homestead:parcel_attach": [
        Recipe("parcel", needs(VIEW_PEOPLE, ATTACH), method="POST", ok=302, data="file")],
    "homestead:map_home": [
        Recipe(None, PEOPLE, ok=302),
        Recipe("unit", PEOPLE, ok=302, query="unit={}", label="unit"),
    ],
    "homestead:map": [Recipe("unit", PEOPLE)],
    "homestead:map_boundaries": [Recipe("unit", PEOPLE)],
    "homestead:map_parcels": [Recipe("village", PEOPLE)],
    **APPLICATION_PAGES,
    "homestead:eligibility": [
        Recipe(None, PEOPLE, lists="households"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="households", label="export"),
    ],
    # 搜索: staff only (orgs.search.CAPABILITIES); one kind's page lists what the kind's register would, in
    # scope; a kind the role cannot search is not there for it (404), as its register is not.
    "search": [
        Recipe(None, any_of=SEARCHES),
        Recipe(None, any_of=SEARCHES, query="q=2101", label="all kinds"),
        Recipe(None, PEOPLE, query="q=2101&kind=household", lists="households", label="households"),
        Recipe(None, PEOPLE, query="q=2101&kind=parcel", lists="parcels", label="parcels"),
    ],
    # The system administrator keeps the calendar without the dashboard.
    "calendar": [
        Recipe(None, any_of=frozenset({VIEW_DASHBOARD, MANAGE_CALENDAR})),
        Recipe(None, needs(MANAGE_CALENDAR), method="POST", ok=302, data="holiday", label="enter holiday"),
    ],
}

# API operations by "METHOD /api/v1/path/{param}" as the OpenAPI schema names them.
API: dict[str, list[Recipe]] = {
    "GET /api/v1/org-units/": [Recipe(None, needs(VIEW_ORGS))],
    "GET /api/v1/org-units/{code}": [Recipe("unit", needs(VIEW_ORGS))],
    "GET /api/v1/org-units/{code}/children": [Recipe("unit", needs(VIEW_ORGS))],
    "GET /api/v1/persons": [Recipe(None, PEOPLE, lists="persons")],
    "GET /api/v1/persons/{person_id}": [Recipe("person", PEOPLE)],
    "POST /api/v1/persons/{person_id}/reveal": [
        Recipe("person", needs(VIEW_PEOPLE, VIEW_PERSONAL), method="POST"),
    ],
    "GET /api/v1/households": [Recipe(None, PEOPLE, lists="households")],
    "GET /api/v1/households/{household_id}": [Recipe("household", PEOPLE)],
    "GET /api/v1/party-members": [Recipe(None, PEOPLE, lists="persons")],
    "GET /api/v1/cadres": [Recipe(None, PEOPLE, lists="cadres")],
    "GET /api/v1/homestead/parcels": [Recipe(None, PEOPLE, lists="parcels")],
    "GET /api/v1/homestead/parcels/{parcel_id}": [Recipe("parcel", PEOPLE)],
    "GET /api/v1/homestead/map/{code}/parcels": [Recipe("village", PEOPLE)],
    "GET /api/v1/homestead/map/{code}/boundaries": [Recipe("unit", PEOPLE)],
    # 工作台: every caller's own queue and messages; 督办 names a record of the caller's own queue (none here:
    # 404); the world's units have no overdue work.
    "GET /api/v1/todo": [Recipe(None)],
    "POST /api/v1/todo/supervise": [Recipe(None, method="POST", ok=404, data="supervise_json")],
    "GET /api/v1/messages": [Recipe(None), Recipe(None, query="unread=true", label="unread")],
    "POST /api/v1/messages/read": [Recipe(None, method="POST", data="read_json")],
    "GET /api/v1/messages/preferences": [Recipe(None)],
    "POST /api/v1/messages/preferences": [Recipe(None, method="POST", data="preferences_json")],
    "GET /api/v1/search": [
        Recipe(None, any_of=SEARCHES, query="q=2101", label="all kinds"),
        Recipe(None, PEOPLE, query="q=2101&kind=household&limit=50", lists="households", label="households"),
    ],
    "GET /api/v1/homestead/applications": [Recipe(None, **LISTS_APPLICATIONS)],
    "GET /api/v1/homestead/applications/{application_id}": [Recipe("application", **SEES_APPLICATIONS)],
    "POST /api/v1/homestead/applications": [
        Recipe(None, needs(APPLY_HOMESTEAD), method="POST", ok=201, data="application_json")],
    # The world's applications are approved: "submit" is refused (422, with the reason) to all who see them.
    "POST /api/v1/homestead/applications/{application_id}/transitions/{name}": [
        Recipe("application", method="POST", ok=422, kwargs={"name": "submit"}, data="step_json",
               **SEES_APPLICATIONS)],
    # The page's other buttons, sent without their fields: refused (422, by field) to all who see it; the
    # world's applications are approved, so no department sees one to sign (404, as on the page).
    "GET /api/v1/homestead/applications/{application_id}/files": [Recipe("application", **SEES_APPLICATIONS)],
    "POST /api/v1/homestead/applications/{application_id}/files": [
        Recipe("application", method="POST", ok=422, **SEES_APPLICATIONS)],
    "GET /api/v1/homestead/applications/{application_id}/files/{file_id}": [
        Recipe("application_file", **SEES_APPLICATIONS)],
    "GET /api/v1/homestead/applications/{application_id}/objections": [
        Recipe("application", **SEES_APPLICATIONS)],
    "POST /api/v1/homestead/applications/{application_id}/objections": [
        Recipe("application", method="POST", ok=422, data="empty:json", **SEES_APPLICATIONS)],
    "POST /api/v1/homestead/applications/{application_id}/objections/{objection_id}/resolve": [
        Recipe("objection", method="POST", ok=422, data="empty:json", **SEES_APPLICATIONS)],
    "GET /api/v1/homestead/applications/{application_id}/opinions": [
        Recipe("application", **SEES_APPLICATIONS)],
    "POST /api/v1/homestead/applications/{application_id}/opinions": [
        Recipe("application", method="POST", ok=404, data="empty:json")],
    "GET /api/v1/homestead/applications/{application_id}/documents/{document}": [
        Recipe("application", kwargs={"document": "approval"}, **SEES_APPLICATIONS)],
}


# --- 流转, 有偿使用, 自愿有偿退出 (homestead modules 5–7) ---------------------------------------------
# The world gets one contract, one bill and one draft exit per home (build_world).
# The exit's step answers 302 to every role that sees it: a role the workflow does not let take the step is
# told so on the page (core.workflow refuses it), as a second click on a taken step is.
MANAGE = needs(VIEW_PEOPLE, access.MANAGE_HOMESTEAD)
FILE_EXIT = needs(VIEW_PEOPLE, access.APPLY_HOMESTEAD)
PAGES.update({
    "homestead:transfers": [
        Recipe(None, PEOPLE, lists="transfers"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="transfers", label="export"),
    ],
    "homestead:transfers_expiring": [
        Recipe(None, PEOPLE),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", label="export"),
    ],
    "homestead:transfer_new": [
        Recipe(None, MANAGE),
        Recipe(None, MANAGE, method="POST", ok=302, data="transfer_new", label="file"),
    ],
    "homestead:transfer": [Recipe("transfer", PEOPLE)],
    "homestead:transfer_edit": [Recipe("transfer", MANAGE)],
    "homestead:transfer_terminate": [Recipe("transfer", MANAGE, method="POST", ok=302, data="termination")],
    "homestead:fee_bills": [
        Recipe(None, PEOPLE, lists="bills"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="bills", label="export"),
    ],
    "homestead:fee_issue": [
        Recipe(None, MANAGE),
        Recipe(None, MANAGE, method="POST", ok=302, data="fee_issue", label="issue"),
    ],
    "homestead:fee_bill": [Recipe("fee_bill", PEOPLE)],
    "homestead:fee_pay": [Recipe("fee_bill", MANAGE, method="POST", ok=302, data="fee_pay")],
    "homestead:fee_reduce": [Recipe("fee_bill", MANAGE, method="POST", ok=302, data="fee_reduce")],
    "homestead:exits": [
        Recipe(None, PEOPLE, lists="exits"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="exits", label="export"),
    ],
    "homestead:exit_new": [Recipe(None, FILE_EXIT)],
    "homestead:exit": [Recipe("exit", PEOPLE)],
    "homestead:exit_edit": [Recipe("exit", FILE_EXIT)],
    "homestead:exit_advance": [Recipe("exit", PEOPLE, method="POST", ok=302, data="exit_submit")],
})


# --- 闲置盘活, 执法监管, 政策制度 (homestead modules 8–10) -----------------------------------------------
# One idle parcel, project, inspection and overdue violation (with an evidence file) per home; a policy
# (with a file) kept by the district and one kept by the other county: policies are public within the
# district that keeps them, so the district's policy is inside for everyone below it.

def add_homestead_records(world, owner):
    from datetime import timedelta

    from zhenxing.homestead.revitalise.models import ProjectParcel

    world.idle_parcels, world.projects, world.inspections, world.violations = {}, {}, {}, {}
    world.violation_files, world.policies, world.policy_files = {}, {}, {}
    for key, (village, _, _) in HOMES.items():
        unit = world.units[village]
        idle = factories.parcel(unit, world.households[key], use_status="idle")
        world.idle_parcels[key] = idle
        project = factories.project(unit, code=f"PH-2023-{len(world.projects) + 1:04d}")
        linked = factories.parcel(unit, world.households[key], use_status="revitalised")
        ProjectParcel.objects.create(project=project, parcel=linked, linked_on=date(2023, 6, 1))
        world.projects[key] = project
        world.inspections[key] = factories.inspection(unit, inspectors=f"检查员{key}号")
        world.violations[key] = v = factories.violation(unit, code=f"WF-2024-{len(world.violations) + 1:04d}",
                                                        deadline=date.today() - timedelta(days=30))
        world.violation_files[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}-整改.png", PNG + b"v" + key.encode(), content_type="image/png"),
            owner_type="homestead.violation", owner_id=str(v.pk), scope_path=v.path, user=owner.user)
    for key in ("county", "other_county"):
        p = factories.policy(world.units[key], title=f"政策{key}")
        world.policies[key] = p
        world.policy_files[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}.png", PNG + b"p" + key.encode(), content_type="image/png"),
            owner_type="homestead.policy", owner_id=str(p.pk), scope_path=p.path, user=owner.user)
        version = p.versions.get()
        version.attachment_id = world.policy_files[key].pk
        version.save(update_fields=["attachment_id"])


MEDIATION_KINDS = {"mediation_point", "dispute", "dispute_file", "mediator"}


# --- points publish: rankings, 公示 and 申诉, the year-end close -------------------------------------------
# A publication sits at its village: staff read it with the people registers over the village, a villager
# reads its own village's and objects for its own household; cadres who propose or approve points object
# on someone's behalf; approvers resolve. The year close is the district's (MANAGE_POINT_RULES).
POINTS_PUBLISH_KINDS = {"points_publication", "points_objection", "points_year_close"}
POINTS_PUBLISH_POSTS = {
    "points_publish": lambda w: {"scheme": "MXP", "unit": w.units["village_a1"].code, "period": "2024-Q3",
                                 "objection_days": "7"},
    "points_objection": lambda w: {"holder": f"household:{w.households['a1g1'].pk}", "text": "矩阵申诉"},
}
POINTS_PUBLISH_PAGES = {
    "points:rankings": [
        Recipe(None, PEOPLE),
        Recipe("unit", PEOPLE, query="scheme=MXP&unit={}&period=2024", label="ranking"),
        Recipe("unit", needs(VIEW_PEOPLE, EXPORT), query="scheme=MXP&unit={}&period=2024&export=xlsx",
               label="export")],
    "points:publish": [
        Recipe(None, needs(access.APPROVE_POINTS), method="POST", ok=302, data="points_publish")],
    "points:publications": [Recipe(None, any_of=frozenset({VIEW_PEOPLE, VIEW_OWN_HOUSEHOLD}))],
    "points:publication": [
        Recipe("points_publication", any_of=frozenset({VIEW_PEOPLE, VIEW_OWN_HOUSEHOLD}), villager_own=True)],
    "points:objection_file": [
        Recipe("points_publication", method="POST", ok=302, data="points_objection", villager_own=True,
               any_of=frozenset({access.PROPOSE_POINTS, access.APPROVE_POINTS}))],
    "points:objection_resolve": [
        Recipe("points_objection", needs(access.APPROVE_POINTS), method="POST", ok=302)],
    "points:year_close": [Recipe(None, needs(access.MANAGE_POINT_RULES))],
    "points:year_close_run": [Recipe("unit", needs(access.MANAGE_POINT_RULES), method="POST", ok=302)],
    "points:year_results": [Recipe("points_year_close", PEOPLE)],
}
PAGES.update(POINTS_PUBLISH_PAGES)


def add_points_publish_records(world, owner):
    from zhenxing.points.publish.models import Objection as PointsObjection
    from zhenxing.points.publish.models import Publication, YearClose

    scheme = factories.points_scheme(world.units["county"], code="MXP")
    world.points_publications, world.points_objections, world.points_year_closes = {}, {}, {}
    for key in ("a1g1", "a2", "b1", "other"):
        village, household = world.units[HOMES[key][0]], world.households[key]
        pub = Publication.objects.create(
            scheme=scheme, org_unit=village, unit_key=f"org:{village.code}", unit_name=village.name,
            path=village.path, period="2024", period_label="2024年度",
            objection_until=date(2099, 1, 1).isoformat() + "T00:00:00+08:00", published_by=owner.user,
            rows=[{"rank": 1, "holder": f"household:{household.pk}", "name": HOMES[key][2], "points": 5,
                   "balance": 5}])
        world.points_publications[key] = pub
        world.points_objections[key] = PointsObjection.objects.create(
            publication=pub, household=household, holder_name=HOMES[key][2], path=pub.path, text="矩阵",
            filed_by=owner.user)
    for key in ("county", "other_county"):
        world.points_year_closes[key] = YearClose.objects.create(
            scheme=scheme, county=world.units[key], path=world.units[key].path, year=2023, title="文明家庭",
            state="done")


def points_publish_targets(world, kind: str) -> list[Target]:
    source = {"points_publication": world.points_publications, "points_objection": world.points_objections,
              "points_year_close": world.points_year_closes}[kind]
    return [Target(k, obj.pk, obj.path) for k, obj in source.items()]
# --- end points publish ---


def add_mediation_records(world, owner):
    from datetime import timedelta

    from django.utils import timezone

    world.mediation_points, world.disputes, world.dispute_files, world.mediators = {}, {}, {}, {}
    # Registered 28 days ago: each month runs out within three days, so the due-soon lists hold them all.
    registered = timezone.now() - timedelta(days=28)
    for key, (village, _, _) in HOMES.items():
        unit = world.units[village]
        world.mediation_points[key] = factories.mediation_point(unit)
        world.mediators[key] = factories.mediator(world.mediation_points[key], world.persons[key])
        world.disputes[key] = d = factories.dispute(unit, parties=(f"当事人{key}", "对方"),
                                                    registered_at=registered)
        world.dispute_files[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}-协议.png", PNG + b"d" + key.encode(), content_type="image/png"),
            owner_type="governance.dispute.agreement", owner_id=str(d.pk), scope_path=d.path, user=owner.user)


def mediation_targets(world, kind: str) -> list[Target]:
    if kind == "dispute_file":
        return [Target(k, {"pk": f.owner_id, "file_pk": f.pk}, f.scope_path)
                for k, f in world.dispute_files.items()]
    source = {"mediation_point": world.mediation_points, "dispute": world.disputes,
              "mediator": world.mediators}[kind]
    return [Target(k, obj.pk, obj.path) for k, obj in source.items()]


HOMESTEAD_RECORD_KINDS = {"idle_parcel", "project", "inspection", "violation", "violation_file", "policy",
                          "policy_file"}


def homestead_record_targets(world, kind: str) -> list[Target]:
    if kind in ("policy", "policy_file"):
        source = world.policies if kind == "policy" else world.policy_files
        return [Target(k, obj.pk, world.policies[k].path, visible_below=True) for k, obj in source.items()]
    source = {"idle_parcel": world.idle_parcels, "project": world.projects, "inspection": world.inspections,
              "violation": world.violations, "violation_file": world.violation_files}[kind]
    return [Target(k, obj.pk, getattr(obj, "path", None) or obj.scope_path) for k, obj in source.items()]


def _recent(days: int = 10) -> str:
    from datetime import timedelta

    return (date.today() - timedelta(days=days)).isoformat()


HOMESTEAD_POSTS = {
    # A site drawn in the village (the applicant's own village: the check takes no other).
    "site_check": lambda w: {"geometry": json.loads(shapely.to_geojson(factories.site()))},
    "survey": lambda w: {"surveyed_on": _recent(), "idle_kind": "year_round", "condition": "fair",
                         "intention": "lease", "surveyor": "调查员"},
    "project": lambda w: {"name": "矩阵民宿", "kind": "homestay", "village": w.units["village_a1"].code,
                          "operator_name": "矩阵公司", "operator_kind": "company",
                          "investment_yuan": "100000", "social_investment_yuan": "50000",
                          "started_on": "2024-03-01", "status": "operating"},
    "project_edit": lambda w: {"name": "矩阵民宿（改）", "kind": "tourism", "operator_name": "矩阵公司",
                               "operator_kind": "company", "investment_yuan": "200000",
                               "social_investment_yuan": "50000", "started_on": "2024-03-01",
                               "status": "operating"},
    "link": lambda w: {"parcel": w.idle_parcels["a1g1"].code},
    "empty": lambda w: {},
    "unlink": lambda w: {"parcel": str(w.projects["a1g1"].links.get().parcel_id)},
    "inspection": lambda w: {"village": w.units["village_a1"].code, "inspected_on": _recent(),
                             "kind": "routine", "inspectors": "王某", "findings": "未发现问题"},
    "violation": lambda w: {"village": w.units["village_a1"].code, "kind": "other", "found_on": _recent(),
                            "description": "私搭乱建"},
    "act_start": lambda w: {"transition": "start", "comment": "开始整改"},
    "policy": lambda w: {"title": "矩阵政策", "issuer": "沈北新区人民政府", "level": "district",
                         "category": "general", "effective_from": "2024-01-01", "text": "全文"},
    "policy_edit": lambda w: {"title": "矩阵政策（改）", "issuer": "沈北新区人民政府", "level": "district",
                              "category": "general", "status": "current"},
    "version": lambda w: {"effective_from": "2030-01-01", "text": "新版全文", "change_note": "修订",
                          "rule_publicity_working_days": "6"},
}

HOMESTEAD_LISTS = {
    "idle": lambda w, key: (w.idle_parcels[key].code, w.idle_parcels[key].path),
    "projects": lambda w, key: (w.projects[key].code, w.projects[key].path),
    "inspections": lambda w, key: (w.inspections[key].inspectors, w.inspections[key].path),
    "violations": lambda w, key: (w.violations[key].code, w.violations[key].path),
    # 评理说事, teams: a dispute is listed by its village (where it arose), a team by its unit.
    "disputes": lambda w, key: (w.disputes[key].code, w.disputes[key].village.path),
    "teams": lambda w, key: (w.teams[key].name, w.teams[key].path),
}

MANAGE = needs(VIEW_PEOPLE, MANAGE_HOMESTEAD)
POLICIES = needs(VIEW_ORGS)
PAGES.update({
    "homestead:idle": [
        Recipe(None, PEOPLE, lists="idle"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="idle", label="export"),
    ],
    "homestead:idle_parcel": [Recipe("idle_parcel", PEOPLE)],
    "homestead:idle_survey_new": [
        Recipe("idle_parcel", MANAGE),
        Recipe("idle_parcel", MANAGE, method="POST", ok=302, data="survey", label="record"),
        Recipe("idle_parcel", MANAGE, method="POST", ok=400, label="invalid"),
    ],
    "homestead:projects": [
        Recipe(None, PEOPLE, lists="projects"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="projects", label="export"),
    ],
    "homestead:project": [Recipe("project", PEOPLE)],
    "homestead:project_new": [
        Recipe(None, MANAGE),
        Recipe(None, MANAGE, method="POST", ok=302, data="project", label="create"),
        Recipe(None, MANAGE, method="POST", ok=400, label="invalid"),
    ],
    "homestead:project_edit": [
        Recipe("project", MANAGE),
        Recipe("project", MANAGE, method="POST", ok=302, data="project_edit", label="save"),
    ],
    "homestead:project_link": [Recipe("project", MANAGE, method="POST", ok=302, data="link")],
    "homestead:project_unlink": [Recipe("project", MANAGE, method="POST", ok=302, data="unlink")],
    "homestead:inspections": [
        Recipe(None, PEOPLE, lists="inspections"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="inspections", label="export"),
    ],
    "homestead:inspection": [Recipe("inspection", PEOPLE)],
    "homestead:inspection_new": [
        Recipe(None, MANAGE),
        Recipe(None, MANAGE, method="POST", ok=302, data="inspection", label="create"),
    ],
    "homestead:violations": [
        Recipe(None, PEOPLE, lists="violations"),
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="export=xlsx", lists="violations", label="export"),
        Recipe(None, PEOPLE, query="overdue=yes", lists="violations", label="overdue"),
    ],
    "homestead:violations_overdue": [Recipe(None, PEOPLE, lists="violations")],
    "homestead:violation": [Recipe("violation", PEOPLE)],
    "homestead:violation_new": [
        Recipe(None, MANAGE),
        Recipe(None, MANAGE, method="POST", ok=302, data="violation", label="create"),
        Recipe(None, MANAGE, method="POST", ok=400, label="invalid"),
    ],
    "homestead:violation_act": [Recipe("violation", MANAGE, method="POST", ok=302, data="act_start")],
    "homestead:violation_attachment": [Recipe("violation_file", PEOPLE)],
    "homestead:policies": [
        Recipe(None, POLICIES),
        Recipe(None, needs(VIEW_ORGS, EXPORT), query="export=xlsx", label="export"),
    ],
    "homestead:policy_rules": [Recipe(None, POLICIES)],
    "homestead:policy": [Recipe("policy", POLICIES)],
    "homestead:policy_attachment": [Recipe("policy_file", POLICIES)],
    "homestead:policy_new": [
        Recipe(None, needs(MANAGE_POLICIES)),
        Recipe(None, needs(MANAGE_POLICIES), method="POST", ok=302, data="policy", label="create"),
        Recipe(None, needs(MANAGE_POLICIES), method="POST", ok=400, label="invalid"),
    ],
    "homestead:policy_edit": [
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES)),
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES), method="POST", ok=302, data="policy_edit",
               label="save"),
    ],
    "homestead:policy_version_new": [
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES)),
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES), method="POST", ok=302, data="version",
               label="add"),
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES), method="POST", ok=400, label="invalid"),
    ],
})


# --- 吹哨报到 (governance cases) ---------------------------------------------------------------------------
# One case per home, dispatched to the world's department and overdue, with a photo; one catalogue entry
# (the county's, so inside for everyone in the district). Department staff see the county's cases because
# every one of them is dispatched to their department; reporting roles see only what they reported (none
# here).

def add_case_records(world, owner):
    from datetime import timedelta

    from django.utils import timezone

    world.category = factories.dispatch_category(world.department, name="矩阵事项",
                                                 county=world.units["county"])
    world.cases, world.case_files = {}, {}
    for key, (village, _, _) in HOMES.items():
        c = factories.case(world.units[village], state="dispatched", lead_department=world.department,
                           code=f"AJ-2024-{len(world.cases) + 1:06d}", category=world.category,
                           due_at=timezone.now() - timedelta(hours=3))
        world.cases[key] = c
        world.case_files[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}-现场.png", PNG + b"case" + key.encode(),
                                      content_type="image/png"),
            owner_type="governance.case", owner_id=str(c.pk), scope_path=c.path, user=owner.user)


CASE_KINDS = {"case", "case_file", "category"}


def case_targets(world, kind: str) -> list[Target]:
    if kind == "category":
        return [Target("category", world.category.pk, world.units["county"].path, visible_below=True)]
    if kind == "case_file":
        return [Target(k, {"pk": world.cases[k].pk, "file_pk": f.pk}, f.scope_path)
                for k, f in world.case_files.items()]
    return [Target(k, c.pk, c.path) for k, c in world.cases.items()]


HOMESTEAD_POSTS.update({
    "case_report": lambda w: {"place": w.units["grid_a1"].code, "source": "villager",
                              "description": "路灯不亮", "category": str(w.category.pk)},
    "case_accept": lambda w: {"transition": "accept", "comment": "已报到"},
    "category": lambda w: {"county": str(w.units["county"].pk), "name": "矩阵新事项", "urgency": "emergency",
                           "departments": [str(w.department.pk)]},
})
HOMESTEAD_LISTS["cases"] = lambda w, key: (w.cases[key].code, w.cases[key].path)
CASE_WORK = frozenset({HANDLE_CASE, DISPATCH_CASE, WORK_CASE})
HOMESTEAD_POSTS.update({
    "case_json": lambda w: {"_json": {"description": "路灯不亮", "place": w.units["grid_a1"].code}},
    "case_accept_json": lambda w: {"_json": {"comment": "已报到"}},
})
API.update({
    # Every role with a part in cases (the 三员 have none).
    "GET /api/v1/open311/services": [Recipe(None, any_of=CASE_WORK | {REPORT_CASE})],
    "GET /api/v1/open311/requests": [Recipe(None, any_of=CASE_WORK | {REPORT_CASE})],
    "GET /api/v1/open311/requests/{case_id}": [Recipe("case", any_of=CASE_WORK)],
    "POST /api/v1/open311/requests": [
        Recipe(None, needs(REPORT_CASE), method="POST", ok=201, data="case_json")],
    "POST /api/v1/cases/{case_id}/transitions/{name}": [
        Recipe("case", needs(WORK_CASE), method="POST", kwargs={"name": "accept"}, data="case_accept_json")],
})

PAGES.update({
    "governance:cases_home": [Recipe(None, ok=302, any_of=CASE_WORK | {REPORT_CASE})],
    "governance:cases": [
        Recipe(None, any_of=CASE_WORK, lists="cases"),
        Recipe(None, needs(EXPORT), any_of=CASE_WORK, query="export=xlsx", lists="cases", label="export"),
        Recipe(None, any_of=CASE_WORK, query="deadline=overdue", lists="cases", label="overdue"),
    ],
    "governance:cases_mine": [Recipe(None, needs(REPORT_CASE))],
    "governance:case_report": [
        Recipe(None, needs(REPORT_CASE)),
        Recipe(None, needs(REPORT_CASE), method="POST", ok=302, data="case_report", label="report"),
        Recipe(None, needs(REPORT_CASE), method="POST", ok=400, label="invalid"),
    ],
    "governance:cases_deadlines": [Recipe(None, any_of=CASE_WORK, lists="cases")],
    # The outline a reporter picks the spot on: a village or grid inside the reporter's scope.
    "governance:case_report_place": [Recipe("unit", needs(REPORT_CASE))],
    "governance:case": [Recipe("case", any_of=CASE_WORK)],
    "governance:case_act": [Recipe("case", needs(WORK_CASE), method="POST", ok=302, data="case_accept")],
    "governance:case_reveal": [Recipe("case", needs(VIEW_PERSONAL), method="POST", any_of=CASE_WORK)],
    "governance:case_file": [Recipe("case_file", any_of=CASE_WORK)],
    "governance:categories": [Recipe(None, needs(DISPATCH_CASE))],
    "governance:category_new": [
        Recipe(None, needs(DISPATCH_CASE)),
        Recipe(None, needs(DISPATCH_CASE), method="POST", ok=302, data="category", label="create"),
        Recipe(None, needs(DISPATCH_CASE), method="POST", ok=400, label="invalid"),
    ],
    "governance:category_edit": [Recipe("category", needs(DISPATCH_CASE))],
    "governance:case_rates": [
        Recipe(None, needs(DISPATCH_CASE)),
        Recipe(None, needs(DISPATCH_CASE), query="by=village&month=2024-13", label="village"),
    ],
    "governance:case_ranking": [Recipe(None, needs(DISPATCH_CASE))],
})
# --- end 吹哨报到 ---


# --- 积分超市 (points shop) -------------------------------------------------------------------------------
# A shop in each village of the world's homes, with one good in stock and one redemption by the village's
# first home. Staff see the shops of their subtree (VIEW_PEOPLE, or KEEP_SHOP); a villager the shop of its
# own village (the matrix villager lives at home a1g1). The keeper (KEEP_SHOP) stocks in, redeems for a
# household, edits goods and takes returns; the villager redeems for its own household. Reports: staff;
# their export: EXPORT or the keeper.

SHOP_KINDS = {"shop", "goods", "redemption"}
SHOP_VILLAGES = {"a1g1": "village_a1", "a2": "village_a2", "b1": "village_b1", "other": "other_village"}


def add_shop_records(world):
    scheme = factories.spendable_scheme(world.units["county"])
    world.shops, world.shop_goods, world.redemptions = {}, {}, {}
    for key, village in SHOP_VILLAGES.items():
        shop = factories.points_shop(world.units[village], scheme)
        goods = factories.shop_goods(shop, name=f"{key}洗衣粉", price=10, stock=20)
        factories.household_points(world.households[key], scheme, 100)
        world.shops[key], world.shop_goods[key] = shop, goods
        world.redemptions[key] = factories.shop_redemption(shop, goods, world.households[key])


def shop_targets(world, kind: str) -> list[Target]:
    source = {"shop": world.shops, "goods": world.shop_goods, "redemption": world.redemptions}[kind]
    return [Target(k, obj.pk, obj.path) for k, obj in source.items()]


HOMESTEAD_POSTS.update({
    "shop_new": lambda w: {"village": w.units["village_a1"].code, "name": "矩阵积分超市",
                           "scheme": str(w.shops["a1g1"].scheme_id)},
    "goods_add": lambda w: {"name": "矩阵大米", "unit": "袋", "price": "20"},
    "goods_edit": lambda w: {"name": "矩阵洗衣粉", "unit": "袋", "price": "12", "active": "1"},
    "stock_in": lambda w: {"goods": str(w.shop_goods["a1g1"].pk), "quantity": "5", "source": "供销社"},
    "redeem": lambda w: {"household": w.households["a1g1"].number, "goods": str(w.shop_goods["a1g1"].pk),
                         "quantity": "1", "request_key": "matrix-redeem-key"},
    "redemption_cancel": lambda w: {"reason": "矩阵退货"},
})
HOMESTEAD_LISTS["shops"] = lambda w, key: (
    w.shops.get(key, w.shops["a1g1"]).name, w.shops.get(key, w.shops["a1g1"]).path)
SEES_SHOP = frozenset({VIEW_PEOPLE, KEEP_SHOP, REDEEM_POINTS})
KEEPS = needs(KEEP_SHOP)
PAGES.update({
    "points:shops": [
        Recipe(None, any_of=SEES_SHOP, lists="shops"),
        Recipe(None, needs(EXPORT), any_of=SEES_SHOP, query="export=xlsx", lists="shops", label="export"),
    ],
    "points:shop_new": [
        Recipe(None, KEEPS),
        Recipe(None, KEEPS, method="POST", ok=302, data="shop_new", label="open"),
        Recipe(None, KEEPS, method="POST", ok=400, label="invalid"),
    ],
    "points:shop": [Recipe("shop", any_of=SEES_SHOP)],
    "points:goods_add": [Recipe("shop", KEEPS, method="POST", ok=302, data="goods_add")],
    "points:stock_in": [Recipe("shop", KEEPS, method="POST", ok=302, data="stock_in")],
    "points:redeem": [Recipe("shop", method="POST", ok=302, data="redeem",
                             any_of=frozenset({KEEP_SHOP, REDEEM_POINTS}))],
    "points:shop_stock_ins": [
        Recipe("shop", PEOPLE),
        Recipe("shop", PEOPLE, any_of=frozenset({EXPORT, KEEP_SHOP}), query="export=xlsx", label="export")],
    "points:shop_redemptions": [
        Recipe("shop", PEOPLE),
        Recipe("shop", PEOPLE, any_of=frozenset({EXPORT, KEEP_SHOP}), query="export=xlsx", label="export")],
    "points:shop_stock": [
        Recipe("shop", PEOPLE),
        Recipe("shop", PEOPLE, any_of=frozenset({EXPORT, KEEP_SHOP}), query="export=xlsx", label="export")],
    "points:goods_edit": [
        Recipe("goods", KEEPS),
        Recipe("goods", KEEPS, method="POST", ok=302, data="goods_edit", label="save"),
    ],
    "points:redemption_cancel": [
        Recipe("redemption", KEEPS, method="POST", ok=302, data="redemption_cancel")],
})
# --- end 积分超市 ---
# --- points rules (积分细则) --------------------------------------------------------------------------------
# Party points: the district's published version. 七色积分: the district's published version, and drafts (not
# yet in force, so editable) of the district and of villages A1, A2 and B1. The other county keeps its own
# scheme with a draft. A version is seen by everyone at or below its unit and above it (a village's rules
# apply to its grids); a draft is changed by MANAGE_POINT_RULES over its unit (the district admin anywhere in
# the district, a village secretary in its village). New versions are made of the party scheme (no draft).

POINTS_RULES_KINDS = {"point_scheme", "point_scheme_owned", "point_category", "point_book", "point_draft",
                      "point_draft_item"}


def add_points_rules_records(world):
    from datetime import timedelta

    tomorrow = date.today() + timedelta(days=1)
    county, other = world.units["county"], world.units["other_county"]
    party = factories.point_scheme(county, code="party")
    party_book = factories.rule_book(party, county, effective_from=date(2024, 1, 1))
    factories.rule_item(party_book, code="P201", name="三会一课出勤")
    seven = factories.point_scheme(county, code="household", subject="household")
    seven_book = factories.rule_book(seven, county, effective_from=date(2024, 1, 1))
    district_item = factories.rule_item(seven_book, code="R01", name="参加集体活动")
    foreign = factories.point_scheme(other, code="hn")
    factories.rule_item(factories.rule_book(foreign, other, effective_from=date(2024, 1, 1)), code="H1")
    drafts = {"county": factories.rule_book(seven, county, effective_from=tomorrow),
              "other_county": factories.rule_book(foreign, other, effective_from=tomorrow)}
    for key in ("village_a1", "village_a2", "village_b1"):
        drafts[key] = factories.rule_book(seven, world.units[key], effective_from=tomorrow)
    items = {}
    for key, book in drafts.items():
        based_on = district_item if key.startswith("village") else None
        items[key] = factories.rule_item(book, code="R01", based_on=based_on)
    world.point_schemes = {"party": party, "other_county": foreign}
    world.point_books = {"party": party_book, "village_a1": drafts["village_a1"],
                         "village_a2": drafts["village_a2"], "village_b1": drafts["village_b1"],
                         "other_county": drafts["other_county"]}
    world.point_drafts, world.point_draft_items = drafts, items


def points_rules_targets(world, kind: str) -> list[Target]:
    if kind == "point_scheme":
        return [Target(k, s.pk, s.path, visible_below=True) for k, s in world.point_schemes.items()]
    if kind == "point_scheme_owned":  # the scheme's configuration (categories): its owner's only
        return [Target(k, s.pk, s.path) for k, s in world.point_schemes.items()]
    if kind == "point_category":
        return [Target(k, {"pk": s.pk, "cat_pk": s.categories.first().pk}, s.path)
                for k, s in world.point_schemes.items()]
    if kind == "point_book":
        return [Target(k, b.pk, b.path, visible_below=True) for k, b in world.point_books.items()]
    if kind == "point_draft":
        return [Target(k, b.pk, b.path) for k, b in world.point_drafts.items()]
    return [Target(k, {"pk": i.book_id, "item_pk": i.pk}, i.book.path)
            for k, i in world.point_draft_items.items()]


RULES = needs(VIEW_PEOPLE, access.MANAGE_POINT_RULES)
def _tomorrow() -> str:
    from datetime import timedelta

    return (date.today() + timedelta(days=1)).isoformat()


HOMESTEAD_POSTS["point_version"] = lambda w: {"effective_from": _tomorrow()}
HOMESTEAD_POSTS["point_category"] = lambda w: {"name": "矩阵类别", "colour": "#123456"}
PAGES.update({
    "points:rules": [Recipe(None, PEOPLE)],
    "points:defaults": [Recipe("unit", needs(access.MANAGE_POINT_RULES), method="POST", ok=302)],
    "points:book": [Recipe("point_book", PEOPLE)],
    "points:category_new": [
        Recipe("point_scheme_owned", RULES),
        Recipe("point_scheme_owned", RULES, method="POST", ok=400, label="invalid"),
    ],
    "points:category_edit": [
        Recipe("point_category", RULES),
        Recipe("point_category", RULES, method="POST", ok=302, data="point_category", label="save"),
    ],
    "points:book_new": [
        Recipe("point_scheme", RULES),
        Recipe("point_scheme", RULES, method="POST", ok=302, data="point_version", label="create"),
        Recipe("point_scheme", RULES, method="POST", ok=400, label="invalid"),
    ],
    "points:book_edit": [
        Recipe("point_draft", RULES),
        Recipe("point_draft", RULES, method="POST", ok=400, label="invalid"),
    ],
    "points:book_delete": [Recipe("point_draft", RULES, method="POST", ok=302)],
    "points:item_new": [
        Recipe("point_draft", RULES),
        Recipe("point_draft", RULES, method="POST", ok=400, label="invalid"),
    ],
    "points:item_edit": [
        Recipe("point_draft_item", RULES),
        Recipe("point_draft_item", RULES, method="POST", ok=400, label="invalid"),
    ],
    "points:item_remove": [Recipe("point_draft_item", RULES, method="POST", ok=302)],
})
# --- end points rules ---
# --- 积分申报 (points claims) ------------------------------------------------------------------------------
# One proposed household claim per home (proposed by the matrix owner, so any approver may decide it), with
# a photo; party members' histories by the home's party member. Claims and histories are read with the
# people registers; a villager reads only its own household's history (home a1g1).

POINTS_CLAIM_KINDS = {"points_claim", "points_claim_file", "points_member"}


def add_points_claim_records(world, owner):
    county = world.units["county"]
    scheme = factories.claims_scheme(county, code="MXQS", subject="household")
    book = factories.claims_rule_book(scheme, county)
    world.points_item = factories.claims_rule_item(book, points=5, code="MX1", name="矩阵条目")
    world.points_claims, world.points_claim_files, world.points_members = {}, {}, {}
    for key, household in world.households.items():
        c = factories.points_claim(world.points_item, household, proposed_by=owner.user)
        world.points_claims[key] = c
        world.points_claim_files[key] = attachments.store(
            upload=SimpleUploadedFile(f"{key}-积分.png", PNG + b"pc" + key.encode(),
                                      content_type="image/png"),
            owner_type="points.claim", owner_id=str(c.pk), scope_path=c.path, user=owner.user)
        world.points_members[key] = world.persons[key].party_member


def points_claim_targets(world, kind: str) -> list[Target]:
    if kind == "points_claim_file":
        return [Target(k, {"pk": f.owner_id, "file_pk": f.pk}, f.scope_path)
                for k, f in world.points_claim_files.items()]
    source = {"points_claim": world.points_claims, "points_member": world.points_members}[kind]
    return [Target(k, obj.pk, obj.path) for k, obj in source.items()]


HOMESTEAD_LISTS["points_claims"] = lambda w, key: (w.points_claims[key].code, w.points_claims[key].path)
HOMESTEAD_POSTS.update({
    "points_claim_new": lambda w: {"scheme": "MXQS", "holder": w.households["a1g1"].number,
                                   "item": str(w.points_item.pk), "quantity": "1",
                                   "occurred_on": "2024-05-06", "description": "矩阵申报"},
    "points_since": lambda w: {"since": "2024-01-01"},
    "points_approve": lambda w: {"action": "approve"},
})
PROPOSE = needs(access.PROPOSE_POINTS)
PAGES.update({
    "points:claims": [Recipe(None, PEOPLE, lists="points_claims")],
    "points:claim_new": [
        Recipe(None, PROPOSE),
        Recipe(None, PROPOSE, method="POST", ok=302, data="points_claim_new", label="propose"),
        Recipe(None, PROPOSE, method="POST", ok=400, label="invalid"),
    ],
    "points:claims_generate": [Recipe(None, PROPOSE, method="POST", ok=302, data="points_since")],
    "points:claim": [Recipe("points_claim", PEOPLE)],
    "points:claim_act": [Recipe("points_claim", needs(VIEW_PEOPLE, access.APPROVE_POINTS), method="POST",
                                ok=302, data="points_approve")],
    "points:claim_file": [Recipe("points_claim_file", PEOPLE)],
    "points:history": [
        Recipe("household", PEOPLE, villager_own=True, kwargs={"kind": "household"}, label="household"),
        Recipe("points_member", PEOPLE, villager_own=True, kwargs={"kind": "member"}, label="member"),
    ],
    "points:my_points": [Recipe(None, needs(VIEW_OWN_HOUSEHOLD), ok=302)],
    "points:meetings": [Recipe(None, PEOPLE)],
    "points:meeting_new": [
        Recipe(None, PROPOSE),
        Recipe(None, PROPOSE, method="POST", ok=400, label="invalid"),
    ],
})
# --- end 积分申报 ---


# --- Walking the project's routes -------------------------------------------------------------------------

def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, full url name) for every pattern, recursively through include()s."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(n for n in (namespace, p.namespace) if n)
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ":".join(n for n in (namespace, p.name or "") if n)


def api_operations():
    """"METHOD /path" for every operation of the NinjaAPI, from its OpenAPI schema."""
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield f"{method.upper()} {path}"


def api_route_of(ninja_pattern: str) -> str:
    """'api/v1/persons/<person_id>' -> '/api/v1/persons/{person_id}' (how OpenAPI writes it)."""
    return "/" + ninja_pattern.replace("<", "{").replace(">", "}").replace("{int:", "{").replace("{str:", "{")


PAGE_ROUTES = sorted({name or route for route, name in url_patterns()
                      if not (name.startswith("api:") and name not in PAGES)})
API_ROUTES = sorted(set(api_operations()))
ACTORS = [*ROLES, "anonymous"]


def test_every_api_url_pattern_is_an_operation_of_the_schema():
    """The API's URL patterns are checked through the OpenAPI operations; none may hide outside them."""
    documented = {op.split(" ", 1)[1] for op in API_ROUTES}
    for route, name in url_patterns():
        if name.startswith("api:") and name not in PAGES:
            assert api_route_of(route) in documented, f"{name} ({route}) 不在 OpenAPI 中"


def test_no_route_is_unnamed():
    unnamed = [route for route, name in url_patterns() if not name]
    assert unnamed == [], f"无名的 URL 模式（访问矩阵无法引用）：{unnamed}"


def test_the_tables_name_only_existing_routes():
    stale_pages = set(PAGES) - set(PAGE_ROUTES)
    stale_api = set(API) - set(API_ROUTES)
    assert not stale_pages and not stale_api, f"表中有已不存在的路由：{sorted(stale_pages | stale_api)}"


# --- API derived from the registers and actions (issue 12) -------------------------------------------------
# One block per app, each filled by that app's registers (orgs.register_api, orgs.actions): list, stream
# (export) and detail read like the page; a create or a step needs the page's write capability.

# --- API: homestead -----------------------------------------------------------------------------------------
# A parcel linked or released over the API is refused (422) for want of one: the gate is what is checked
# (the page recipes above link and release a real one).
API.update({
    "GET /api/v1/homestead/parcels/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="parcels")],
    "GET /api/v1/homestead/applications/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv")],
    "GET /api/v1/homestead/idle": [Recipe(None, PEOPLE, lists="idle")],
    "GET /api/v1/homestead/idle/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="idle")],
    "GET /api/v1/homestead/idle/{record_id}": [Recipe("idle_parcel", PEOPLE)],
    "GET /api/v1/homestead/idle/{record_id}/surveys": [Recipe("idle_parcel", PEOPLE)],
    "POST /api/v1/homestead/idle/{record_id}/survey": [
        Recipe("idle_parcel", MANAGE, method="POST", data="survey:json")],
    "GET /api/v1/homestead/projects": [Recipe(None, PEOPLE, lists="projects")],
    "GET /api/v1/homestead/projects/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="projects")],
    "GET /api/v1/homestead/projects/{record_id}": [Recipe("project", PEOPLE)],
    "GET /api/v1/homestead/projects/{record_id}/parcels": [Recipe("project", PEOPLE)],
    "POST /api/v1/homestead/projects": [Recipe(None, MANAGE, method="POST", ok=201, data="project:json")],
    "POST /api/v1/homestead/projects/{record_id}/edit": [
        Recipe("project", MANAGE, method="POST", data="project_edit:json")],
    "POST /api/v1/homestead/projects/{record_id}/link": [
        Recipe("project", MANAGE, method="POST", ok=422, data="empty:json")],
    "POST /api/v1/homestead/projects/{record_id}/unlink": [
        Recipe("project", MANAGE, method="POST", ok=422, data="empty:json")],
    "GET /api/v1/homestead/policies": [Recipe(None, POLICIES)],
    "GET /api/v1/homestead/policies/export": [Recipe(None, needs(VIEW_ORGS, EXPORT), query="format=csv")],
    "GET /api/v1/homestead/policies/rules": [Recipe(None, POLICIES)],
    "GET /api/v1/homestead/policies/{record_id}": [Recipe("policy", POLICIES)],
    "GET /api/v1/homestead/policies/{record_id}/versions": [Recipe("policy", POLICIES)],
    "POST /api/v1/homestead/policies": [
        Recipe(None, needs(MANAGE_POLICIES), method="POST", ok=201, data="policy:json")],
    "POST /api/v1/homestead/policies/{record_id}/edit": [
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES), method="POST", data="policy_edit:json")],
    "POST /api/v1/homestead/policies/{record_id}/versions": [
        Recipe("policy", needs(VIEW_ORGS, MANAGE_POLICIES), method="POST", data="version:json")],
    "GET /api/v1/homestead/inspections": [Recipe(None, PEOPLE, lists="inspections")],
    "GET /api/v1/homestead/inspections/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="inspections")],
    "GET /api/v1/homestead/inspections/{record_id}": [Recipe("inspection", PEOPLE)],
    "POST /api/v1/homestead/inspections": [
        Recipe(None, MANAGE, method="POST", ok=201, data="inspection:json")],
    "GET /api/v1/homestead/violations": [Recipe(None, PEOPLE, lists="violations")],
    "GET /api/v1/homestead/violations/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="violations")],
    "GET /api/v1/homestead/violations/{record_id}": [Recipe("violation", PEOPLE)],
    "POST /api/v1/homestead/violations": [
        Recipe(None, MANAGE, method="POST", ok=201, data="violation:json")],
    # Every role holding MANAGE_HOMESTEAD is one the rectification lets start a case.
    "POST /api/v1/homestead/violations/{record_id}/transitions/{name}": [
        Recipe("violation", MANAGE, method="POST", kwargs={"name": "start"}, data="step_json")],
    # 基础信息: a parcel's documents
    "GET /api/v1/homestead/parcels/{parcel_id}/documents": [Recipe("parcel", PEOPLE)],
    "POST /api/v1/homestead/parcels/{parcel_id}/documents": [
        Recipe("parcel", needs(VIEW_PEOPLE, ATTACH), method="POST", ok=201, data="file")],
    # 流转
    "GET /api/v1/homestead/transfers": [Recipe(None, PEOPLE, lists="transfers")],
    "GET /api/v1/homestead/transfers/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="transfers")],
    "GET /api/v1/homestead/transfers/{record_id}": [Recipe("transfer", PEOPLE)],
    "POST /api/v1/homestead/transfers": [
        Recipe(None, MANAGE, method="POST", ok=201, data="transfer_new:json")],
    "POST /api/v1/homestead/transfers/{record_id}/edit": [
        Recipe("transfer", MANAGE, method="POST", data="transfer_new:json")],
    "POST /api/v1/homestead/transfers/{record_id}/terminate": [
        Recipe("transfer", MANAGE, method="POST", data="termination:json")],
    "GET /api/v1/homestead/expiring-transfers": [Recipe(None, PEOPLE)],
    "GET /api/v1/homestead/expiring-transfers/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv")],
    # 有偿使用
    "GET /api/v1/homestead/fee-bills": [Recipe(None, PEOPLE, lists="bills")],
    "GET /api/v1/homestead/fee-bills/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="bills")],
    "GET /api/v1/homestead/fee-bills/{record_id}": [Recipe("fee_bill", PEOPLE)],
    "POST /api/v1/homestead/fee-bills/issue": [Recipe(None, MANAGE, method="POST", data="fee_issue:json")],
    "POST /api/v1/homestead/fee-bills/{record_id}/pay": [
        Recipe("fee_bill", MANAGE, method="POST", data="fee_pay_api:json")],
    "POST /api/v1/homestead/fee-bills/{record_id}/reduce": [
        Recipe("fee_bill", MANAGE, method="POST", data="fee_reduce:json")],
    # 资格权: households (a household's detail is people's; this one adds its parcels' figures and flags)
    "GET /api/v1/homestead/eligibility": [Recipe(None, PEOPLE, lists="households")],
    "GET /api/v1/homestead/eligibility/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="households")],
    "GET /api/v1/homestead/eligibility/{record_id}": [Recipe("household", PEOPLE)],
    # 自愿有偿退出: the world's exits are drafts; approving one is refused (422) to every role that sees it
    # (the step's roles and states: homestead/exits/tests/test_exits_api.py).
    "GET /api/v1/homestead/exits": [Recipe(None, PEOPLE, lists="exits")],
    "GET /api/v1/homestead/exits/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="exits")],
    "GET /api/v1/homestead/exits/{record_id}": [Recipe("exit", PEOPLE)],
    "POST /api/v1/homestead/exits": [Recipe(None, FILE_EXIT, method="POST", ok=201, data="exit_new:json")],
    "POST /api/v1/homestead/exits/{record_id}/edit": [
        Recipe("exit", FILE_EXIT, method="POST", data="exit_valuation:json")],
    "POST /api/v1/homestead/exits/{record_id}/transitions/{name}": [
        Recipe("exit", PEOPLE, method="POST", ok=422, kwargs={"name": "approve"}, data="step_json")],
})


# --- API: governance ----------------------------------------------------------------------------------------
# Registers and writes under /api/v1/governance/ (吹哨报到's Open311 operations are in its block above).
# 入户走访: one visit per home, at its household; reading is the people registers', recording a visit also
# needs REPORT_CASE (the household is the world's a1g1, inside every such role's scope).

def add_visit_records(world, owner):
    from zhenxing.governance.visits.models import Visit

    world.visits = {key: Visit.objects.create(household=h, path=h.path, visited_on=date(2024, 5, 6),
                                              purpose="routine", notes=f"矩阵走访{key}", visitor=owner.user)
                    for key, h in world.households.items()}


HOMESTEAD_POSTS["visit_api"] = lambda w: {"household": w.households["a1g1"].pk, "visited_on": "2024-05-06",
                                          "purpose": "routine", "notes": "矩阵走访"}
HOMESTEAD_LISTS["visits"] = lambda w, key: (w.households[key].number, w.visits[key].path)
API.update({
    "GET /api/v1/governance/grid": [Recipe(None, PEOPLE, lists="households")],
    "GET /api/v1/governance/grid/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="households")],
    "GET /api/v1/governance/grid/{record_id}": [Recipe("household", PEOPLE)],
    "GET /api/v1/governance/visits": [Recipe(None, PEOPLE, lists="visits")],
    "GET /api/v1/governance/visits/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="visits")],
    "GET /api/v1/governance/visits/{record_id}": [Recipe("visit", PEOPLE)],
    "POST /api/v1/governance/visits": [
        Recipe(None, needs(VIEW_PEOPLE, REPORT_CASE), method="POST", ok=201, data="visit_api:json")],
})
# 评理说事: read with the people registers, written with MEDIATE over the dispute's level (every world record
# sits at its village). Every village the MEDIATE roles share (a1) has its point already, and the world's
# points hold people of their own village only: the point and the 说事员 writes answer the service's 422
# (routing, capability and scope are what the matrix checks; test_mediation_api.py has them succeed).
HOMESTEAD_POSTS.update({
    "point_api": lambda w: {"_json": {"village": w.units["village_a1"].pk, "name": "矩阵说事点",
                                      "address": "村委会", "open_hours": "周一至周五"}},
    "dispute_api": lambda w: {"_json": {"village": w.units["village_a1"].pk, "level": "village",
                                        "kind": "land", "description": "矩阵纠纷", "party_1": "张甲",
                                        "party_2": "李乙"}},
    "dispute_step_api": lambda w: {"_json": {"data": {"way": "law"}}},
    "dispute_file_api": lambda w: {"slot": "evidence", "file": SimpleUploadedFile(
        "证据.png", PNG + b"dispute", content_type="image/png")},
})
API.update({
    "GET /api/v1/governance/mediation-points": [Recipe(None, PEOPLE)],
    "GET /api/v1/governance/mediation-points/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv")],
    "GET /api/v1/governance/mediation-points/{record_id}": [Recipe("mediation_point", PEOPLE)],
    "POST /api/v1/governance/mediation-points": [
        Recipe(None, needs(MEDIATE), method="POST", ok=422, data="point_api")],
    "POST /api/v1/governance/mediation-points/{record_id}/mediators": [
        Recipe("mediation_point", MEDIATE_PEOPLE, method="POST", ok=422, data="step_json")],
    "GET /api/v1/governance/mediators": [Recipe(None, PEOPLE)],
    "GET /api/v1/governance/mediators/export": [Recipe(None, needs(VIEW_PEOPLE, EXPORT))],
    "GET /api/v1/governance/mediators/{record_id}": [Recipe("mediator", PEOPLE)],
    "GET /api/v1/governance/disputes": [Recipe(None, PEOPLE, lists="disputes")],
    "GET /api/v1/governance/disputes/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="disputes")],
    "GET /api/v1/governance/disputes/{record_id}": [Recipe("dispute", PEOPLE)],
    "GET /api/v1/governance/disputes/{record_id}/agreement": [Recipe("dispute", PEOPLE)],
    "GET /api/v1/governance/disputes/{record_id}/case-file": [Recipe("dispute", PEOPLE)],
    "POST /api/v1/governance/disputes": [
        Recipe(None, needs(MEDIATE), method="POST", ok=201, data="dispute_api")],
    "POST /api/v1/governance/disputes/{record_id}/transitions/{name}": [
        Recipe("dispute", MEDIATE_PEOPLE, method="POST", kwargs={"name": "mediate"},
               data="dispute_step_api")],
    "POST /api/v1/governance/disputes/{record_id}/files": [
        Recipe("dispute", MEDIATE_PEOPLE, method="POST", data="dispute_file_api")],
})
# 党员队伍: read with the people registers, written with MANAGE_TEAMS over the team's unit. The world's
# teams have no members, so an activity is refused by the service (422: its people must be members).
API.update({
    "GET /api/v1/governance/teams": [Recipe(None, PEOPLE, lists="teams")],
    "GET /api/v1/governance/teams/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="teams")],
    "GET /api/v1/governance/teams/{record_id}": [Recipe("team", PEOPLE)],
    "GET /api/v1/governance/teams/{record_id}/members": [Recipe("team", PEOPLE)],
    "GET /api/v1/governance/teams/{record_id}/activities": [Recipe("team", PEOPLE)],
    "POST /api/v1/governance/teams": [
        Recipe(None, needs(MANAGE_TEAMS), method="POST", ok=201, data="team:json")],
    "POST /api/v1/governance/teams/{record_id}/members": [
        Recipe("team", needs(VIEW_PEOPLE, MANAGE_TEAMS), method="POST", ok=422, data="step_json",
               label="no person")],
    "POST /api/v1/governance/teams/{record_id}/activities": [
        Recipe("team", needs(VIEW_PEOPLE, MANAGE_TEAMS), method="POST", ok=422, data="activity:json")],
})
# 吹哨报到's registers (its Open311 operations are in the block above): the case register reads like the
# page, its steps and the reveal need what the page's do; the catalogue is the dispatchers'.
HOMESTEAD_POSTS["category_edit_api"] = lambda w: {"_json": {"name": "矩阵改名", "urgency": "general",
                                                            "departments": [w.department.pk]}}
API.update({
    "GET /api/v1/governance/cases": [Recipe(None, any_of=CASE_WORK, lists="cases")],
    "GET /api/v1/governance/cases/export": [
        Recipe(None, needs(EXPORT), any_of=CASE_WORK, query="format=csv", lists="cases")],
    "GET /api/v1/governance/cases/{record_id}": [Recipe("case", any_of=CASE_WORK)],
    "POST /api/v1/governance/cases/{record_id}/transitions/{name}": [
        Recipe("case", needs(WORK_CASE), method="POST", kwargs={"name": "accept"}, data="case_accept_json")],
    "POST /api/v1/governance/cases/{record_id}/reveal": [
        Recipe("case", needs(VIEW_PERSONAL), method="POST", any_of=CASE_WORK)],
    "GET /api/v1/governance/categories": [Recipe(None, needs(DISPATCH_CASE))],
    "GET /api/v1/governance/categories/export": [Recipe(None, needs(DISPATCH_CASE, EXPORT))],
    "GET /api/v1/governance/categories/{record_id}": [Recipe("category", needs(DISPATCH_CASE))],
    "POST /api/v1/governance/categories": [
        Recipe(None, needs(DISPATCH_CASE), method="POST", ok=201, data="category:json")],
    "POST /api/v1/governance/categories/{record_id}/edit": [
        Recipe("category", needs(DISPATCH_CASE), method="POST", data="category_edit_api")],
})


# --- API: points --------------------------------------------------------------------------------------------
# 积分超市: the pages' shops, goods and redemptions, and a stock-in of each shop's good. Staff read with
# VIEW_PEOPLE or KEEP_SHOP; a villager the shelf of its village's shop and its own household's redemptions;
# the keeper writes, the villager (or the keeper) redeems. Bodies are the pages' forms with the shop the
# page takes from its URL.
# 年度结算: the publish block's closes (the county's, the other county's), each with a frozen line per home of
# its county; a close and its lines are read over the county (the close's place), run by MANAGE_POINT_RULES.
# 积分细则: the rules block's schemes, versions, drafts and their items; a body that names its scheme or book
# is scoped by that record's place (the party scheme, the county's draft).
POINTS_API_KINDS = {"stock_in", "points_meeting", "points_claim_api_file", "points_publication_a1",
                    "points_county", "points_year_result", "points_party_scheme", "points_party_owned",
                    "points_county_draft", "points_rule_item", "points_draft_item", "points_rule_category",
                    "points_owned_category"}


def add_points_api_records(world, owner):
    from zhenxing.core import ledger
    from zhenxing.points.accounts import account
    from zhenxing.points.claims.models import Meeting
    from zhenxing.points.publish.models import YearResult
    from zhenxing.points.shop.models import StockIn

    world.stock_ins = {}
    for key, goods in world.shop_goods.items():
        entry = ledger.post(account=goods.stock_account, amount=3, kind="stock_in", memo="矩阵入库")
        world.stock_ins[key] = StockIn.objects.create(
            shop=goods.shop, goods=goods, path=goods.path, quantity=3, source=f"{key}矩阵供货", entry=entry,
            received_on=date(2024, 5, 6))
    world.points_meetings = {}
    for key, member in world.points_members.items():
        meeting = Meeting.objects.create(branch=member.branch, path=member.branch.path, kind="lecture",
                                         held_on=date(2024, 5, 6), topic=f"{key}矩阵党课")
        meeting.attendees.set([member])
        world.points_meetings[key] = meeting
    world.points_year_results = {}
    for key, household in world.households.items():
        close = world.points_year_closes["other_county" if key == "other" else "county"]
        world.points_year_results[key] = YearResult.objects.create(
            close=close, account=account(close.scheme, household, 2023), village=household.village,
            holder=f"household:{household.pk}", path=household.village.path, points=5, balance=5, rank=1,
            title="文明家庭")


def points_api_targets(world, kind: str) -> list[Target]:
    if kind == "points_publication_a1":  # the body names it: the route has no parameter to fill
        return [Target("a1g1", {}, world.points_publications["a1g1"].path)]
    if kind == "points_county":  # the body names it
        return [Target("county", {}, world.units["county"].path)]
    if kind == "points_year_result":  # read over the close's county
        return [Target(k, r.pk, r.close.path) for k, r in world.points_year_results.items()]
    if kind in ("points_party_scheme", "points_party_owned"):  # the body names it: read below, kept above
        party = world.point_schemes["party"]
        return [Target("party", {}, party.path, visible_below=kind == "points_party_scheme")]
    if kind == "points_county_draft":
        return [Target("county", {}, world.point_drafts["county"].path)]
    if kind in ("points_rule_item", "points_draft_item"):  # a version is read at, above and below its unit
        return [Target(k, i.pk, i.book.path, visible_below=kind == "points_rule_item")
                for k, i in world.point_draft_items.items()]
    if kind in ("points_rule_category", "points_owned_category"):
        return [Target(k, s.categories.first().pk, s.path, visible_below=kind == "points_rule_category")
                for k, s in world.point_schemes.items()]
    if kind == "points_claim_api_file":
        return [Target(k, {"record_id": f.owner_id, "file_id": f.pk}, f.scope_path)
                for k, f in world.points_claim_files.items()]
    source = {"stock_in": world.stock_ins, "points_meeting": world.points_meetings}[kind]
    return [Target(k, obj.pk, obj.path) for k, obj in source.items()]


def _item_body(w) -> dict:
    """A draft item's every field: a village's draft keeps only what a village may change (within the
    district item's 1–3 points and 8 a month)."""
    return {"code": "R01", "name": "矩阵事项", "category": w.point_draft_items["county"].category_id,
            "points": 2, "unit": "time", "cap": 8, "cap_period": "month", "proposers": ["grid_worker"],
            "approvers": ["village_secretary"]}


def _shop_of(world, key):
    return key if key in world.shops else "a1g1"  # a1g2 shares a1g1's village and its shop


HOMESTEAD_POSTS.update({
    "api_goods_add": lambda w: {"shop": w.shops["a1g1"].pk, "name": "矩阵大米", "unit": "袋", "price": 20},
    "api_stock_in": lambda w: {"shop": w.shops["a1g1"].pk, "goods": w.shop_goods["a1g1"].pk, "quantity": 5,
                               "source": "供销社"},
    "empty": lambda w: {},
    "api_objection": lambda w: {"publication": w.points_publications["a1g1"].pk,
                                "holder": f"household:{w.households['a1g1'].pk}", "text": "矩阵申诉"},
    "api_resolve": lambda w: {"outcome": "dismissed", "resolution": "矩阵处理"},
    "api_redeem": lambda w: {"shop": w.shops["a1g1"].pk, "household": w.households["a1g1"].number,
                             "goods": w.shop_goods["a1g1"].pk, "quantity": 1},
    "api_year_close": lambda w: {"county": w.units["county"].code, "scheme": "MXP", "year": 2022, "top_n": 1},
    "api_defaults": lambda w: {"unit": w.units["county"].code},
    "api_version": lambda w: {"scheme": w.point_schemes["party"].pk, "effective_from": _tomorrow()},
    "api_book_edit": lambda w: {"title": "矩阵细则", "effective_from": _tomorrow()},
    "api_item_add": lambda w: {**_item_body(w), "book": w.point_drafts["county"].pk, "code": "M01"},
    "api_item_edit": _item_body,
    "api_category_add": lambda w: {"scheme": w.point_schemes["party"].pk, "code": "matrix",
                                   "name": "矩阵类别"},
    "api_category_edit": lambda w: {"name": "矩阵改名", "colour": "#123456"},
})
HOMESTEAD_LISTS.update({
    "goods": lambda w, key: (w.shop_goods[_shop_of(w, key)].name, w.shops[_shop_of(w, key)].path),
    "stock_ins": lambda w, key: (w.stock_ins[_shop_of(w, key)].source, w.shops[_shop_of(w, key)].path),
    "redemptions": lambda w, key: (w.redemptions[_shop_of(w, key)].code, w.shops[_shop_of(w, key)].path),
    "points_meetings": lambda w, key: (w.points_meetings[key].topic, w.points_meetings[key].path),
    "points_year_results": lambda w, key: (f'"household:{w.households[key].pk}"',
                                           w.points_year_results[key].close.path),
})
SHOP_STAFF = frozenset({VIEW_PEOPLE, KEEP_SHOP})
SHOP_API = "/api/v1/points"


def _register_recipes(name: str, fill: str, lists: str, any_of, villager_own: bool = False) -> dict:
    return {
        f"GET {SHOP_API}/{name}": [Recipe(None, any_of=any_of, lists=lists)],
        f"GET {SHOP_API}/{name}/export": [
            Recipe(None, needs(EXPORT), any_of=any_of, query="format=ndjson", lists=lists)],
        f"GET {SHOP_API}/{name}/{{record_id}}": [Recipe(fill, any_of=any_of, villager_own=villager_own)],
    }


API.update({
    **_register_recipes("shops", "shop", "shops", SEES_SHOP),
    **_register_recipes("goods", "goods", "goods", SEES_SHOP),
    **_register_recipes("stock-ins", "stock_in", "stock_ins", SHOP_STAFF),
    **_register_recipes("redemptions", "redemption", "redemptions", SEES_SHOP, villager_own=True),
    f"POST {SHOP_API}/shops": [Recipe(None, KEEPS, method="POST", ok=201, data="shop_new:json")],
    f"GET {SHOP_API}/shops/{{record_id}}/stock": [Recipe("shop", any_of=SHOP_STAFF)],
    f"POST {SHOP_API}/goods": [Recipe(None, KEEPS, method="POST", ok=201, data="api_goods_add:json")],
    f"POST {SHOP_API}/goods/{{record_id}}/edit": [
        Recipe("goods", KEEPS, method="POST", data="goods_edit:json")],
    f"POST {SHOP_API}/stock-ins": [Recipe(None, KEEPS, method="POST", ok=201, data="api_stock_in:json")],
    f"POST {SHOP_API}/redemptions": [Recipe(None, any_of=frozenset({KEEP_SHOP, REDEEM_POINTS}), method="POST",
                                            ok=201, data="api_redeem:json")],
    f"POST {SHOP_API}/redemptions/{{record_id}}/cancel": [
        Recipe("redemption", KEEPS, method="POST", data="redemption_cancel:json")],
})
# 积分申报: the claims of the world's homes (read with the people registers, approved with APPROVE_POINTS),
# a 三会一课 of each home's member's branch; 我的积分 is the villager's own household; a holder's statement
# is read as the history page. A new meeting is refused (422) for every role that may record one: the
# success is module-tested (the grid worker's grid holds no branch).
API.update({
    f"GET {SHOP_API}/claims": [Recipe(None, PEOPLE, lists="points_claims")],
    f"GET {SHOP_API}/claims/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="points_claims")],
    f"GET {SHOP_API}/claims/{{record_id}}": [Recipe("points_claim", PEOPLE)],
    f"POST {SHOP_API}/claims": [Recipe(None, PROPOSE, method="POST", ok=201, data="points_claim_new:json")],
    f"POST {SHOP_API}/claims/{{record_id}}/transitions/{{name}}": [
        Recipe("points_claim", needs(VIEW_PEOPLE, access.APPROVE_POINTS), method="POST",
               kwargs={"name": "approve"}, data="step_json")],
    f"GET {SHOP_API}/claims/{{record_id}}/files": [Recipe("points_claim", PEOPLE)],
    f"GET {SHOP_API}/claims/{{record_id}}/files/{{file_id}}": [Recipe("points_claim_api_file", PEOPLE)],
    f"POST {SHOP_API}/claims/generate": [Recipe(None, PROPOSE, method="POST", data="points_since:json")],
    f"GET {SHOP_API}/meetings": [Recipe(None, PEOPLE, lists="points_meetings")],
    f"GET {SHOP_API}/meetings/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="points_meetings")],
    f"GET {SHOP_API}/meetings/{{record_id}}": [Recipe("points_meeting", PEOPLE)],
    f"POST {SHOP_API}/meetings": [Recipe(None, PROPOSE, method="POST", ok=422, data="empty:json")],
    f"GET {SHOP_API}/mine": [Recipe(None, needs(VIEW_OWN_HOUSEHOLD))],
    f"GET {SHOP_API}/households/{{holder_id}}/points": [Recipe("household", PEOPLE, villager_own=True)],
    f"GET {SHOP_API}/members/{{holder_id}}/points": [Recipe("points_member", PEOPLE, villager_own=True)],
})
# 积分排名与公示: the publish block's publications and objections. A ranking is drawn for a village; a new
# publication (2024-Q3 of A街1村) by an approver; an appeal against A街1村's by the villager for its own
# household or by a cadre over the village on its behalf; resolution by an approver.
SEES_PUBLICATIONS = frozenset({VIEW_PEOPLE, VIEW_OWN_HOUSEHOLD})
APPROVE = needs(access.APPROVE_POINTS)
CLOSES = needs(access.MANAGE_POINT_RULES)
API.update({
    f"GET {SHOP_API}/rankings": [Recipe("village", PEOPLE, query="scheme=MXP&unit={}&period=2024")],
    f"GET {SHOP_API}/publications": [Recipe(None, any_of=SEES_PUBLICATIONS)],
    f"GET {SHOP_API}/publications/export": [
        Recipe(None, needs(EXPORT), any_of=SEES_PUBLICATIONS, query="format=csv")],
    f"GET {SHOP_API}/publications/{{record_id}}": [
        Recipe("points_publication", any_of=SEES_PUBLICATIONS, villager_own=True)],
    f"GET {SHOP_API}/publications/{{record_id}}/rows": [
        Recipe("points_publication", any_of=SEES_PUBLICATIONS, villager_own=True)],
    f"POST {SHOP_API}/publications": [
        Recipe(None, APPROVE, method="POST", ok=201, data="points_publish:json")],
    f"GET {SHOP_API}/objections": [Recipe(None, any_of=SEES_PUBLICATIONS)],
    f"GET {SHOP_API}/objections/export": [
        Recipe(None, needs(EXPORT), any_of=SEES_PUBLICATIONS, query="format=ndjson")],
    f"GET {SHOP_API}/objections/{{record_id}}": [Recipe("points_objection", PEOPLE)],
    f"POST {SHOP_API}/objections": [
        Recipe("points_publication_a1", method="POST", ok=201, data="api_objection:json", villager_own=True,
               any_of=frozenset({access.PROPOSE_POINTS, access.APPROVE_POINTS}))],
    f"POST {SHOP_API}/objections/{{record_id}}/resolve": [
        Recipe("points_objection", APPROVE, method="POST", data="api_resolve:json")],
    f"GET {SHOP_API}/year-closes": [Recipe(None, CLOSES)],
    f"GET {SHOP_API}/year-closes/export": [Recipe(None, needs(access.MANAGE_POINT_RULES, EXPORT),
                                                  query="format=csv")],
    f"GET {SHOP_API}/year-closes/{{record_id}}": [Recipe("points_year_close", PEOPLE)],
    f"POST {SHOP_API}/year-closes": [
        Recipe("points_county", CLOSES, method="POST", ok=201, data="api_year_close:json")],
    f"GET {SHOP_API}/year-results": [Recipe(None, PEOPLE, lists="points_year_results")],
    f"GET {SHOP_API}/year-results/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="points_year_results")],
    f"GET {SHOP_API}/year-results/{{record_id}}": [Recipe("points_year_result", PEOPLE)],
})
# 积分细则: read with the people registers where the version is seen; written with MANAGE_POINT_RULES over
# the version's (or the scheme's) unit.
RULES_API = needs(VIEW_PEOPLE, access.MANAGE_POINT_RULES)
API.update({
    f"POST {SHOP_API}/schemes/defaults": [
        Recipe("points_county", CLOSES, method="POST", data="api_defaults:json")],
    f"GET {SHOP_API}/schemes": [Recipe(None, PEOPLE)],
    f"GET {SHOP_API}/schemes/export": [Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv")],
    f"GET {SHOP_API}/schemes/{{record_id}}": [Recipe("point_scheme", PEOPLE)],
    f"GET {SHOP_API}/rule-books": [Recipe(None, PEOPLE)],
    f"GET {SHOP_API}/rule-books/export": [Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson")],
    f"GET {SHOP_API}/rule-books/{{record_id}}": [Recipe("point_book", PEOPLE)],
    f"POST {SHOP_API}/rule-books": [
        Recipe("points_party_scheme", RULES_API, method="POST", ok=201, data="api_version:json")],
    f"POST {SHOP_API}/rule-books/{{record_id}}/edit": [
        Recipe("point_draft", RULES_API, method="POST", data="api_book_edit:json")],
    f"DELETE {SHOP_API}/rule-books/{{record_id}}": [
        Recipe("point_draft", RULES_API, method="DELETE")],
    f"GET {SHOP_API}/rule-items": [Recipe(None, PEOPLE)],
    f"GET {SHOP_API}/rule-items/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv")],
    f"GET {SHOP_API}/rule-items/{{record_id}}": [Recipe("points_rule_item", PEOPLE)],
    f"POST {SHOP_API}/rule-items": [
        Recipe("points_county_draft", RULES_API, method="POST", ok=201, data="api_item_add:json")],
    f"POST {SHOP_API}/rule-items/{{record_id}}/edit": [
        Recipe("points_draft_item", RULES_API, method="POST", data="api_item_edit:json")],
    f"DELETE {SHOP_API}/rule-items/{{record_id}}": [
        Recipe("points_draft_item", RULES_API, method="DELETE")],
    f"GET {SHOP_API}/rule-categories": [Recipe(None, PEOPLE)],
    f"GET {SHOP_API}/rule-categories/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson")],
    f"GET {SHOP_API}/rule-categories/{{record_id}}": [Recipe("points_rule_category", PEOPLE)],
    f"POST {SHOP_API}/rule-categories": [
        Recipe("points_party_owned", RULES_API, method="POST", ok=201, data="api_category_add:json")],
    f"POST {SHOP_API}/rule-categories/{{record_id}}/edit": [
        Recipe("points_owned_category", RULES_API, method="POST", data="api_category_edit:json")],
})


# --- API: people and orgs -----------------------------------------------------------------------------------
# (filled by the people registers)
API.update({
    "GET /api/v1/households/{household_id}/attachments": [Recipe("household", PEOPLE)],
    "POST /api/v1/households/{household_id}/attachments": [
        Recipe("household", needs(VIEW_PEOPLE, ATTACH), method="POST", ok=201, data="file")],
    "GET /api/v1/attachments/{attachment_id}": [Recipe("attachment", PEOPLE)],
    "GET /api/v1/my-household": [Recipe(None, needs(VIEW_OWN_HOUSEHOLD))],
    "GET /api/v1/persons/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="persons")],
    "GET /api/v1/households/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="households")],
    "GET /api/v1/party-members/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=ndjson", lists="persons")],
    "GET /api/v1/cadres/export": [
        Recipe(None, needs(VIEW_PEOPLE, EXPORT), query="format=csv", lists="cadres")],
})


# --- statistics and audit API -------------------------------------------------------------------------------
# The dashboard's figures, drill-downs and targets as on its pages (stats:dashboard, stats:drill,
# stats:set_target); the audit log for the auditor only, an event in scope when its place is.
API.update({
    "GET /api/v1/indicators": [Recipe(None, needs(VIEW_DASHBOARD))],
    "GET /api/v1/indicators/{key}/values": [
        Recipe("unit", needs(VIEW_DASHBOARD), kwargs={"key": "people.households"}, query="unit={}")],
    "GET /api/v1/indicators/{key}/records": [
        Recipe("unit", needs(VIEW_DASHBOARD), kwargs={"key": "org.villages"}, query="unit={}",
               label="org.villages"),
        Recipe("unit", needs(VIEW_DASHBOARD, VIEW_PEOPLE), kwargs={"key": "people.population"},
               query="unit={}", label="people.population"),
        Recipe("unit", ok=404, kwargs={"key": "no.such.indicator"}, query="unit={}", label="unknown"),
    ],
    "GET /api/v1/stats/{code}/targets": [Recipe("unit", needs(VIEW_DASHBOARD))],
    "POST /api/v1/stats/{code}/targets": [
        Recipe("unit", needs(VIEW_DASHBOARD, SET_TARGETS), method="POST", data="target:json")],
    "GET /api/v1/audit/events": [Recipe(None, needs(VIEW_AUDIT))],
    "GET /api/v1/audit/events/{event_id}": [Recipe("audit_event", needs(VIEW_AUDIT))],
    "POST /api/v1/audit/verify": [Recipe(None, needs(VIEW_AUDIT), method="POST")],
    "GET /api/v1/audit/verify": [Recipe(None, needs(VIEW_AUDIT))],
})


def audit_event_targets(world) -> list[Target]:
    """An event at each home's household, recorded inside the test (its savepoint takes them away)."""
    from zhenxing.core import audit

    return [Target(k, audit.record(actor=None, action="matrix.probe", obj=h).pk, h.path)
            for k, h in world.households.items()]


# --- The matrix -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the whole module, inside a transaction rolled back at the end; each test runs in
    a savepoint of it (the `db` fixture), so what a test writes is undone before the next one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                world = build_world()
                world.users = {role: make_user(world, role) for role in ROLES}
                world.export_jobs = add_export_jobs(world)
                world.notifications = add_notifications(world)
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db, settings):
    settings.ZHENXING_IMPORT_INLINE = True
    return shared_world



# --- 任务清单 ----------------------------------------------------------------------------------------------
# A plan is read by every unit under it (and its own); it is written by MANAGE_TASKS over the plan's unit only
# ("plan_own": a street's admin, below the county's plan, may read it but not write it). Tasks are read in
# scope with VIEW_DASHBOARD and reported on by REPORT_TASKS over their unit (the world's are units' tasks, so
# a department's staff, who report on their department's only, answer 404).
TASK_KINDS = {"plan", "plan_own", "task", "task_file", "duty"}
TASK_NUMBERS = itertools.count(10)
PLAN_YEARS, COPY_YEARS = itertools.count(2030), itertools.count(2100, -1)  # a new year for every request


def add_task_records(world, owner):
    world.plans, world.tasks, world.task_files, world.duties = {}, {}, {}, {}
    for key in ("county", "other_county"):
        county = world.units[key]
        admin = access.actor_for(factories.user("district_admin", county, username=f"matrix-plan-{key}"))
        plan = task_services.create_plan(actor=admin, org_unit=county, year=2024, title="工作举措")
        aspect = task_services.add_aspect(actor=admin, plan=plan, number=1, name="建机制")
        item = task_services.add_item(actor=admin, aspect=aspect, number=1, title="包保")
        world.plans[key] = plan
        for place in ("village_a1", "village_b1", "street_a") if key == "county" else ("other_village",):
            world.duties[place] = duty_services.assign_duty(
                actor=admin, kind="street" if place == "street_a" else "village", org_unit=world.units[place],
                holder_name="矩阵包保人", started_on=date(2024, 1, 1))
        places = ("village_a1", "village_b1", "street_a") if key == "county" else ("other_village",)
        for place in places:
            task = task_services.assign_task(actor=admin, item=item, org_unit=world.units[place],
                                             content="任务", starts_on=date(2024, 1, 1),
                                             due_on=date(2024, 12, 31))
            report = task_services.report_progress(actor=admin, task=task, percent="10", text="推进中",
                                                   reported_on=date(2024, 3, 1))
            world.tasks[place] = task
            world.task_files[place] = attachments.store(
                upload=SimpleUploadedFile(f"{place}.png", PNG + b"t" + place.encode(),
                                          content_type="image/png"),
                owner_type=task_services.REPORT_FILES, owner_id=str(report.pk), scope_path=task.path,
                user=admin.user)


def task_targets(world, kind: str) -> list[Target]:
    if kind in ("plan", "plan_own"):
        return [Target(k, p.pk, p.path, visible_below=kind == "plan") for k, p in world.plans.items()]
    if kind == "task_file":
        return [Target(k, {"pk": world.tasks[k].pk, "file_pk": f.pk}, f.scope_path)
                for k, f in world.task_files.items()]
    if kind == "duty":
        return [Target(k, d.pk, d.path) for k, d in world.duties.items()]
    return [Target(k, t.pk, t.path) for k, t in world.tasks.items()]


TASK_POSTS = {
    "plan": lambda w: {"unit": w.units["street_a"].code, "year": str(next(PLAN_YEARS)), "title": "街道清单"},
    "plan_copy": lambda w: {"year": str(next(COPY_YEARS))},
    "aspect": lambda w: {"number": str(next(TASK_NUMBERS)), "name": "矩阵方面"},
    "item": lambda w: {"aspect": str(w.plans["county"].aspects.first().pk), "number": str(next(TASK_NUMBERS)),
                       "title": "矩阵事项"},
    "task": lambda w: {"item": str(w.plans["county"].items.first().pk), "unit": w.units["village_a1"].code,
                       "content": "矩阵任务", "starts_on": "2024-01-01", "due_on": "2024-06-30"},
    "report": lambda w: {"percent": "20", "text": "矩阵报告"},
    "duty": lambda w: {"kind": "village", "unit": w.units["village_a1"].code, "holder_name": "矩阵包村",
                       "started_on": "2024-01-02"},
    "duty_end": lambda w: {"ended_on": "2000-01-01"},  # before its start: refused, so every role may try
}
READ_TASKS = needs(VIEW_DASHBOARD)
WRITE_PLAN = needs(VIEW_DASHBOARD, MANAGE_TASKS)
PAGES.update({
    "mechanisms:plans": [Recipe(None, READ_TASKS)],
    "mechanisms:plan_new": [Recipe(None, needs(MANAGE_TASKS)),
                            Recipe(None, needs(MANAGE_TASKS), method="POST", ok=302, data="plan",
                                   label="create")],
    "mechanisms:plan": [Recipe("plan", READ_TASKS)],
    "mechanisms:plan_aspect_add": [Recipe("plan_own", WRITE_PLAN, method="POST", ok=302, data="aspect")],
    "mechanisms:plan_item_add": [Recipe("plan_own", WRITE_PLAN, method="POST", ok=302, data="item")],
    "mechanisms:plan_task_add": [Recipe("plan_own", WRITE_PLAN, method="POST", ok=302, data="task")],
    "mechanisms:plan_copy": [Recipe("plan_own", WRITE_PLAN, method="POST", ok=302, data="plan_copy")],
    "mechanisms:tasks": [Recipe(None, READ_TASKS)],
    "mechanisms:task": [Recipe("task", READ_TASKS)],
    "mechanisms:task_report": [Recipe("task", needs(VIEW_DASHBOARD, REPORT_TASKS), method="POST", ok=302,
                                      data="report")],
    "mechanisms:task_file": [Recipe("task_file", READ_TASKS)],
    "mechanisms:duties": [Recipe(None, READ_TASKS)],
    "mechanisms:duty_new": [Recipe(None, needs(MANAGE_TASKS)),
                            Recipe(None, needs(MANAGE_TASKS), method="POST", ok=302, data="duty",
                                   label="create")],
    "mechanisms:duty": [Recipe("duty", READ_TASKS)],
    "mechanisms:duty_end": [Recipe("duty", WRITE_PLAN, method="POST", ok=302, data="duty_end")],
})
API.update({
    "GET /api/v1/mechanisms/plans": [Recipe(None, READ_TASKS)],
    "GET /api/v1/mechanisms/plans/export": [Recipe(None, needs(VIEW_DASHBOARD, EXPORT), query="format=csv")],
    "GET /api/v1/mechanisms/plans/{record_id}": [Recipe("plan", READ_TASKS)],
    "GET /api/v1/mechanisms/plans/{record_id}/tree": [Recipe("plan", READ_TASKS)],
    "POST /api/v1/mechanisms/plans": [
        Recipe(None, needs(MANAGE_TASKS), method="POST", ok=201, data="plan:json")],
    "POST /api/v1/mechanisms/plans/{record_id}/copy": [
        Recipe("plan_own", WRITE_PLAN, method="POST", ok=200, data="plan_copy:json")],
    "POST /api/v1/mechanisms/plans/{record_id}/aspects": [
        Recipe("plan_own", WRITE_PLAN, method="POST", ok=200, data="aspect:json")],
    "POST /api/v1/mechanisms/plans/{record_id}/items": [
        Recipe("plan_own", WRITE_PLAN, method="POST", ok=200, data="item:json")],
    "POST /api/v1/mechanisms/plans/{record_id}/tasks": [
        Recipe("plan_own", WRITE_PLAN, method="POST", ok=200, data="task:json")],
    "GET /api/v1/mechanisms/tasks": [Recipe(None, READ_TASKS)],
    "GET /api/v1/mechanisms/tasks/export": [Recipe(None, needs(VIEW_DASHBOARD, EXPORT), query="format=csv")],
    "GET /api/v1/mechanisms/tasks/{record_id}": [Recipe("task", READ_TASKS)],
    "GET /api/v1/mechanisms/tasks/{record_id}/reports": [Recipe("task", READ_TASKS)],
    "POST /api/v1/mechanisms/tasks/{record_id}/reports": [
        Recipe("task", needs(VIEW_DASHBOARD, REPORT_TASKS), method="POST", ok=200, data="report:json")],
    "GET /api/v1/mechanisms/duties": [Recipe(None, READ_TASKS)],
    "GET /api/v1/mechanisms/duties/export": [Recipe(None, needs(VIEW_DASHBOARD, EXPORT), query="format=csv")],
    "GET /api/v1/mechanisms/duties/{record_id}": [Recipe("duty", READ_TASKS)],
    "POST /api/v1/mechanisms/duties": [
        Recipe(None, needs(MANAGE_TASKS), method="POST", ok=201, data="duty:json")],
    "POST /api/v1/mechanisms/duties/{record_id}/end": [
        Recipe("duty", WRITE_PLAN, method="POST", ok=422, data="duty_end:json")],
})

def add_notifications(world) -> dict:
    """A message to each role's user and one to the matrix's owner."""
    owners = {**world.users, "owner": world.applications["a1g1"].created_by}
    return {label: Notification.objects.create(user=user, event="assigned", title="测试消息", url="/",
                                               key=f"matrix:{label}")
            for label, user in owners.items()}


def add_export_jobs(world) -> dict:
    """A finished export of each role's user and one of the matrix's owner, each with its file."""
    owners = {**world.users, "owner": world.applications["a1g1"].created_by}
    made, expires = {}, timezone.now() + timedelta(days=30)
    for label, user in owners.items():
        job = ExportJob.objects.create(title="人员台账", page=reverse("people:persons"), created_by=user,
                                       status="done", row_count=1, expires_at=expires,
                                       scope_path=world.units["county"].path)
        target = exports._file_of(job.pk)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(excel.workbook_bytes("人员台账", ["姓名"], [[label]]))
        made[label] = job
    return made


def make_user(world, role: str):
    place = world.department if PLACES[role] == "department" else world.units[PLACES[role]]
    user = factories.user(role, place, username=f"matrix-{role}")
    if role == "villager":
        villager = world.persons["a1g1"]
        villager.user = user
        villager.save(update_fields=["user"])
    return user


def client_for(client, world, actor: str):
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client


def page_url(name: str, recipe: Recipe, target: Target) -> str:
    kwargs = dict(recipe.kwargs)
    if isinstance(target.value, dict):
        kwargs.update(target.value)
    elif target.value is not None and "{}" not in recipe.query:
        kwargs["code" if recipe.fill in ("unit", "village") else "pk"] = target.value
    url = reverse(name, kwargs=kwargs or None)
    query = recipe.query.replace("{}", str(target.value))
    return f"{url}?{query}" if query else url


def api_url(route: str, target: Target, recipe: Recipe) -> str:
    path = route.split(" ", 1)[1]

    def fill_next(path: str, value) -> str:
        start, end = path.index("{"), path.index("}")
        return path[:start] + str(value) + path[end + 1:]

    if isinstance(target.value, dict):  # a record inside another: by the parameter's name, else in order
        for name, value in target.value.items():
            named = "{" + name + "}"
            path = path.replace(named, str(value)) if named in path else fill_next(path, value)
    elif target.value is not None and "{}" not in recipe.query:
        path = fill_next(path, target.value)
    for name, value in recipe.kwargs.items():
        path = path.replace("{" + name + "}", str(value))
    query = recipe.query.replace("{}", str(target.value))
    return f"{path}?{query}" if query else path


def request(client, method: str, url: str, data):
    if method == "POST" and data and "_json" in data:
        return client.post(url, json.dumps(data["_json"]), content_type="application/json")
    if method == "POST":
        return client.post(url, data or {})
    if method == "DELETE":
        return client.delete(url)
    return client.get(url)


def body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        rows = book.active.iter_rows(values_only=True)
        return " ".join(str(v) for row in rows for v in row if v is not None)
    if "json" in content_type:
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def listed(world, kind: str, key: str) -> tuple[str, str]:
    """(text the list shows for the record at home `key`, the path that scopes it)."""
    if kind in USE_KINDS.values():
        record = getattr(world, kind)[key]
        return record.code, record.path
    person = world.persons[key]
    if kind == "households":
        return world.households[key].number, world.households[key].path
    if kind == "parcels":  # a parcel belongs to its village, not to its household's grid
        return world.parcels[key].code, world.parcels[key].path
    if kind == "cadres":  # a post belongs to its unit (the village), not to the holder's grid
        return person.name, world.posts[key].path
    if kind in HOMESTEAD_LISTS:
        return HOMESTEAD_LISTS[kind](world, key)
    return person.name, person.path


def check_list(response, world, kind: str, scope: str, who: str):
    text = body_text(response)
    for key in world.persons:
        shown_text, path = listed(world, kind, key)
        inside = path.startswith(scope)
        assert (shown_text in text) == inside, f"{who}: {key} {'应' if inside else '不应'}出现在列表中"


def expected_status(role: str, recipe: Recipe, target: Target, world) -> tuple[int, bool]:
    """(status, inside) for a role requesting `recipe` with `target`."""
    if role == "anonymous":
        return (recipe.anonymous if recipe.anonymous is not None else -1), False
    caps = ROLES[role][1]
    scope = place_path(world, role)
    inside = recipe.fill is None or target.path.startswith(scope) or (
        target.visible_below and scope.startswith(target.path))
    if recipe.anonymous is not None or recipe.ok == 404:
        return recipe.ok, inside
    if recipe.own:
        mine = target.label == role
        return (recipe.ok if mine and recipe.needs <= caps else 404), mine
    if not inside:
        return 404, False
    if recipe.villager_own and role == "villager":
        return (recipe.ok if target.label in ("a1g1", "-") else 404), True
    allowed = recipe.needs <= caps and (not recipe.any_of or bool(recipe.any_of & caps))
    return (recipe.ok if allowed else 404), True


def check(client, world, role: str, recipe: Recipe, url_of, is_api: bool, route: str):
    for target in targets(world, recipe.fill):
        url = url_of(target)
        with override_settings(**recipe.settings):
            response = request(client, recipe.method, url,
                               post_data(recipe.data, world) if recipe.data else None)
        status, inside = expected_status(role, recipe, target, world)
        who = f"{role} {recipe.method} {url} ({route}, {target.label})"
        assert response.status_code != 500, who
        assert response.status_code != 403, f"{who}: 403 泄露了对象的存在，应为 404"
        if status == -1:  # anonymous on a closed route
            if is_api:
                assert response.status_code == 401, f"{who}: 未登录应为 401，实为 {response.status_code}"
            else:
                assert response.status_code == 302, f"{who}: 未登录应跳转登录页，实为 {response.status_code}"
                assert response["Location"].startswith("/login/"), f"{who}: 跳转到 {response['Location']}"
            continue
        assert response.status_code == status, f"{who}: 应为 {status}，实为 {response.status_code}"
        if recipe.lists and status == 200:
            check_list(response, world, recipe.lists, place_path(world, role), who)


def cases(table: dict[str, list[Recipe]], routes: list[str]):
    for route in routes:
        recipes = table.get(route)
        if recipes is None:
            for actor in ACTORS:
                yield pytest.param(route, None, actor, id=f"{route}-{actor}")
            continue
        for recipe in recipes:
            for actor in ACTORS:
                label = recipe.label or (recipe.method if len(recipes) > 1 else "")
                label = f" [{label}]" if label else ""
                yield pytest.param(route, recipe, actor, id=f"{route}{label}-{actor}")


@pytest.mark.parametrize(("name", "recipe", "actor"), list(cases(PAGES, PAGE_ROUTES)))
def test_page(name, recipe, actor, world, client):
    assert recipe is not None, f"访问矩阵不认识 URL “{name}”：请在本文件的 PAGES 中写明如何填参数"
    client = client_for(client, world, actor)
    check(client, world, actor, recipe, lambda t: page_url(name, recipe, t), False, name)


@pytest.mark.parametrize(("route", "recipe", "actor"), list(cases(API, API_ROUTES)))
def test_api(route, recipe, actor, world, client):
    assert recipe is not None, f"访问矩阵不认识接口 “{route}”：请在本文件的 API 中写明如何填参数"
    assert route.split(" ", 1)[0] == recipe.method, f"{route}: 表中的方法应为 {recipe.method}"
    client = client_for(client, world, actor)
    check(client, world, actor, recipe, lambda t: api_url(route, t, recipe), True, route)


def test_home_is_each_roles_own_work(world, client):
    """Home is the queue for staff, today's work for a grid worker, the household for a villager, and the
    page of their duty for the three officers; 统计分析 leads to the dashboard of the actor's highest unit."""
    officer = {"system_admin": "users", "security_admin": "security", "audit_admin": "audit:log"}
    for role in ROLES:
        c = client_for(client.__class__(), world, role)
        page = c.get("/").content.decode()
        heading = {"villager": "您好", "grid_worker": "今日工作"}.get(role, "我的待办")
        if role in officer:  # 三员 have no queue: each is sent to the page of their duty
            heading = f'href="{reverse(officer[role])}"'
        assert heading in page, role
        if ROLES[role][1] & {VIEW_DASHBOARD}:
            code = (world.units["county"] if role == "department_staff" else world.units[PLACES[role]]).code
            location = c.get(reverse("stats:overview"))["Location"]
            assert location == reverse("stats:dashboard", args=[code]), f"{role} -> {location}"


def test_a_bearer_token_is_scoped_like_the_session(world, client):
    """The API's second way in answers exactly like the first: in scope 200, outside 404, bad token 401."""
    token = issue_token(user=world.users["village_secretary"], name="矩阵")
    inside, outside = world.households["a1g1"], world.households["a2"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    assert client.get(f"/api/v1/households/{inside.pk}", **auth).status_code == 200
    assert client.get(f"/api/v1/households/{outside.pk}", **auth).status_code == 404
    listed_numbers = {h["number"] for h in client.get("/api/v1/households", **auth).json()["items"]}
    assert listed_numbers == {world.households[k].number for k in ("a1g1", "a1g2")}
    bad = client.get(f"/api/v1/households/{inside.pk}", HTTP_AUTHORIZATION="Bearer zx_not-a-token")
    assert bad.status_code == 401

