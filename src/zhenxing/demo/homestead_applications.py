"""The demo district's 申请审批: applications since 2021, and the basic farmland layer.

Applications are written as records with their step history (backdated from the moment of loading), not
walked through the services, so deadlines and overdue cases fall as they would: most steps well inside
their limits, some late. The last year's applications are in every state (STATES); the years before it
hold about 140 a year (HISTORY, a little more each year: demo.history), all finished — registered after
their months of building, a few rejected or withdrawn. Rebuilds (原址翻建, the common case) use an
existing parcel's outline, so a registered rebuild leaves the parcel count of the seed as it is; new
homesteads get a free site near a hamlet, clear of parcels and of the farmland plots.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np
import shapely
from django.db.models import F
from django.utils import timezone
from pyproj import Transformer

from zhenxing.core.models import WorkflowStep
from zhenxing.demo import history
from zhenxing.demo.homestead import EXTENT, gk_epsg
from zhenxing.demo.tables import Table
from zhenxing.homestead import geo
from zhenxing.homestead.applications.models import Application, Objection, ReviewOpinion
from zhenxing.homestead.applications.selectors import DEPARTMENT_PARTS
from zhenxing.homestead.applications.workflows import APPLICATION
from zhenxing.homestead.parcels.models import FarmlandPlot, Parcel
from zhenxing.homestead.parcels.selectors import multiple_households
from zhenxing.homestead.policies import rules
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.people.models import Household

# Target state -> how many, at full scale. Returned, rejected and withdrawn ones end on the way.
STATES = {
    "registered": 45, "accepted": 8, "building": 20, "approved": 12, "approval": 8, "joint_review": 15,
    "village_review": 10, "publicity": 12, "group_review": 10, "draft": 6, "returned": 6, "rejected": 5,
    "withdrawn": 3,
}
MAIN = ["submit", "group_agree", "publicity_end", "village_pass", "joint_pass", "approve", "stake_out",
        "inspect", "register"]
PATHS = {state: MAIN[:i] for i, state in enumerate(
    ["draft", "group_review", "publicity", "village_review", "joint_review", "approval", "approved",
     "building", "accepted", "registered"])}
PATHS |= {
    "returned": MAIN[:4] + ["street_return"],
    "rejected": MAIN[:5] + ["reject"],
    "withdrawn": ["submit", "village_return", "withdraw"],
}
HISTORY = 140  # applications filed in 2023 at full scale (the years before the last one)
FINISHED = {"registered": 88, "rejected": 7, "withdrawn": 5}  # how those ended, by share
CONSTRUCTION = (60, 200)  # days of building between staking out and the acceptance inspection
REBUILD_FROM = {"registered", "accepted", "building"}  # these rebuild an existing house
PARTS = ("natural_resources", "housing", "agriculture")
REASONS = ["分户后无宅基地", "原房屋年久失修，申请原址翻建", "子女成婚分户", "原宅基地位于地质灾害隐患区"]
FARMLAND_PER_VILLAGE = (2, 4)


def load(*, seed: int, county: OrgUnit, scale: float = 1.0) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:applications")
    villages = list(OrgUnit.objects.filter(path__startswith=county.path, level="village",
                                           parcels__isnull=False)
                    .distinct().order_by("code"))
    if not villages:
        return {"applications": 0, "farmland_plots": 0}
    to_gk = Transformer.from_crs("EPSG:4490", f"EPSG:{gk_epsg(sum(EXTENT[::2]) / 2)}", always_xy=True)
    areas = {v.pk: _Space(v, to_gk) for v in villages}
    plots = _farmland(rng, villages, areas, to_gk)
    FarmlandPlot.objects.bulk_create(plots)
    apps = _applications(rng, county, villages, areas, to_gk, scale)
    return {"applications": apps, "farmland_plots": len(plots)}


def _to(transformer, geometry, inverse=False):
    direction = "INVERSE" if inverse else "FORWARD"
    return shapely.transform(geometry, lambda xy: np.column_stack(
        transformer.transform(xy[:, 0], xy[:, 1], direction=direction)))


class _Space:
    """Where a new shape may go in a village (metres): inside its edge, 6 m clear of every parcel and of
    whatever was placed before."""

    def __init__(self, village: OrgUnit, to_gk):
        self.inner = _to(to_gk, geo.load_geojson(village.boundary)).buffer(-30)
        shapely.prepare(self.inner)
        texts = list(Parcel.objects.filter(village=village).values_list("geometry", flat=True))
        self.parcels = _to(to_gk, shapely.from_geojson(texts)) if texts else np.empty(0, dtype=object)
        self.tree = shapely.STRtree(self.parcels)
        self.placed: list = []

    def fits(self, box) -> bool:
        clear = box.buffer(6)
        return (self.inner.contains(box) and not len(self.tree.query(clear, predicate="intersects"))
                and not any(clear.intersects(p) for p in self.placed))

    def near(self, rng):
        """A point in one of the village's hamlets (a parcel's centre), or None if it has none."""
        if not len(self.parcels):
            return None
        return shapely.centroid(self.parcels[rng.randrange(len(self.parcels))]).coords[0]

    def place(self, rng, w, h, near=None, tries=60):
        """A w x h box that fits, near a point if given, else anywhere; taken once returned."""
        min_x, min_y, max_x, max_y = self.inner.bounds
        for _ in range(tries):
            if near is not None:
                x, y = near[0] + rng.uniform(-120, 120), near[1] + rng.uniform(-120, 120)
            else:
                x, y = rng.uniform(min_x, max_x - w), rng.uniform(min_y, max_y - h)
            box = shapely.box(x, y, x + w, y + h)
            if self.fits(box):
                self.placed.append(box)
                return box
        return None


def _farmland(rng, villages, areas, to_gk) -> list[FarmlandPlot]:
    plots = []
    for village in villages:
        for n in range(rng.randint(*FARMLAND_PER_VILLAGE)):
            box = areas[village.pk].place(rng, rng.uniform(150, 300), rng.uniform(120, 250))
            if box is None:
                continue
            shape = _to(to_gk, box, inverse=True)
            min_x, min_y, max_x, max_y = shape.bounds
            plots.append(FarmlandPlot(
                code=f"{village.code[6:]}{n + 1:04d}", village=village, path=village.path,
                area_m2=geo.area_m2(shape), geometry=geo.to_geojson(shape),
                min_x=min_x, min_y=min_y, max_x=max_x, max_y=max_y,
            ))
    return plots


def _applications(rng, county, villages, areas, to_gk, scale) -> int:
    now = timezone.now()
    calendar = history.Calendar(history.START, timezone.localdate())
    departments = {}
    for department in Department.objects.filter(org_unit=county).order_by("pk"):
        for part, words in DEPARTMENT_PARTS:  # the same matching as a signing department's
            if any(w in department.name for w in words):
                departments.setdefault(part, department)
    # A rebuild that a reviewer would pass: the household's only parcel, in its own village, within the cap.
    rebuilds = list(Parcel.objects.filter(
        village__in=villages, household__isnull=False, build_status="approved_built", use_status="in_use",
        household__collective_member=True, village=F("household__village"),
        area_m2__lte=rules.value("area_cap_m2"),
    ).exclude(household__in=multiple_households()).select_related("village", "household")
                    .order_by("pk")[:4000])
    landless = list(Household.objects.filter(village__in=villages, collective_member=True,
                                             parcels__isnull=True)
                    .select_related("village").order_by("pk")[:4000])
    rng.shuffle(rebuilds)
    rng.shuffle(landless)
    apps, steps, opinions, objections = [], [], [], []
    numbers: dict[int, int] = {}  # per year filed
    planned = [(state, None) for state, full in STATES.items()
               for _ in range(max(1, round(full * min(scale, 1.0))))]
    before = now - timedelta(days=365)  # the years before the last one: finished applications
    for year, n in history.counts(HISTORY * min(scale, 1.0), timezone.localtime(before).date(),
                                  minimum=0).items():
        planned += [(rng.choices(list(FINISHED), list(FINISHED.values()))[0],
                     history.moment(rng, year, before)) for _ in range(n)]
    for state, start in planned:
        app = _new(rng, state, rebuilds, landless, areas, to_gk)
        if app is None:
            continue
        apps.append(app)
        steps.append(_history(rng, app, state, now, calendar, start))
    for app in sorted(apps, key=lambda a: a.created_at):  # numbered in the order filed, per year
        year = timezone.localtime(app.created_at).year
        numbers[year] = numbers.get(year, 0) + 1
        app.code = f"ZJD-{year}-{numbers[year]:06d}"
        if app.approved_on:
            app.approval_number = f"宅批〔{app.approved_on.year}〕第{app.code.rsplit('-', 1)[1]}号"
    table, rows = Table(Application), Table(WorkflowStep)
    for app, made in zip(apps, steps, strict=True):
        table.add_instance(app)
        for step in made:
            step.object_id = str(app.pk)
            rows.add_instance(step)
        opinions += _opinions(rng, app, made, departments)
        objections += _objections(rng, app, made)
    table.write()
    rows.write()
    ReviewOpinion.objects.bulk_create(opinions)
    Objection.objects.bulk_create(objections)
    return len(apps)


def _new(rng, state, rebuilds, landless, areas, to_gk) -> Application | None:
    if state in REBUILD_FROM or (state == "approved" and rng.random() < 0.5):
        if not rebuilds:
            return None
        parcel = rebuilds.pop()
        site, kind, household, village = geo.load_geojson(parcel.geometry), "rebuild", parcel.household, \
            parcel.village
    else:
        household = None
        while landless and household is None:
            candidate = landless.pop()
            if candidate.village_id in areas:
                household = candidate
        if household is None:
            return None
        village, kind, parcel = household.village, "new", None
        space = areas[village.pk]
        w, h = rng.uniform(18, 24), rng.uniform(20, 26)
        box = space.place(rng, w, h, space.near(rng)) or space.place(rng, w, h)
        if box is None:
            return None
        site = _to(to_gk, box, inverse=True)
    min_x, min_y, max_x, max_y = site.bounds
    area = geo.area_m2(site)
    return Application(
        village=village, household=household, kind=kind, reason=REASONS[0 if kind == "new" else 1],
        location=parcel.location if parcel else f"{village.name}{rng.randint(1, 6)}组东侧",
        **({side: getattr(parcel, side) for side in ("east", "south", "west", "north")} if parcel else {}),
        old_parcel=parcel, site_area_m2=area,
        building_area_m2=(area * Decimal(rng.randint(35, 55)) / 100).quantize(Decimal("0.01")),
        floors=rng.choice((1, 1, 2)), geometry=geo.to_geojson(site), min_x=min_x, min_y=min_y,
        max_x=max_x, max_y=max_y, path=village.path, synthetic=True, state="draft",
        parcel=parcel if state == "registered" else None,
    )


def _history(rng, app, state, now, calendar, start=None) -> list[WorkflowStep]:
    """The steps to `state`, from `start` (by default: so that the last step falls in the past year)."""
    path = PATHS[state]
    # Each step a few days after the last (the acceptance inspection months after the staking out).
    gaps = [rng.uniform(*CONSTRUCTION) if name == "inspect"
            else rng.uniform(0.5, 9) * (1 + (rng.random() < 0.12) * 3) for name in path] or [0]
    # Since the last step: mostly inside the state's limit, now and then well past it (the 督办 list).
    tail = rng.uniform(10, 30) if rng.random() < 0.12 else rng.uniform(0.2, 5)
    start = start or now - timedelta(days=min(340, sum(gaps) + tail))
    app.created_at = at = start
    app.state, app.state_since, app.due_at = "draft", start, None
    made = []
    for n, (name, gap) in enumerate(zip(path, gaps, strict=False)):
        at = min(at + timedelta(days=gap), now - timedelta(hours=1))
        t = APPLICATION.transition(name)
        data, comment = _data(rng, name, at), _comment(name)
        made.append(WorkflowStep(
            workflow=APPLICATION.key, object_type="homestead.application", scope_path=app.path,
            transition=name, from_state=app.state, to_state=t.target, comment=comment, data=data,
            created_at=at,
        ))
        app.state, app.state_since = t.target, at
        if n == len(path) - 1:  # only the last step's limit stands (each asks the policies)
            app.due_at = calendar.due_after(at, t, app)
        if name == "village_pass":
            app.review_round += 1
        if name == "approve":
            app.approved_on = timezone.localtime(at).date()
    return made


def _data(rng, name: str, at: datetime) -> dict:
    day = timezone.localtime(at).date().isoformat()
    if name == "group_agree":
        attendance = rng.randint(15, 40)
        votes = attendance - rng.randint(0, 3)
        return {"meeting_date": day, "attendance": str(attendance), "votes_for": str(votes)}
    return {
        "village_pass": {"review_date": day},
        "joint_pass": {"survey_date": day, "surveyors": "街道农业综合服务中心、自然资源所"},
        "stake_out": {"stake_date": day},
        "inspect": {"inspection_date": day, "findings": "按批准的位置、面积和层数建设，同意验收"},
        "register": {"certificate_number": f"辽({at.year})沈北新区不动产权第{rng.randint(1, 99999):07d}号"},
    }.get(name, {})


def _comment(name: str) -> str:
    return {
        "street_return": "住建部门意见：拟建层数与村庄规划不符，请调整后重新申请",
        "reject": "选址位于村庄规划确定的道路红线内",
        "village_return": "申请材料不全，请补充户口簿复印件",
        "withdraw": "申请人撤回",
    }.get(name, "")


def _opinions(rng, app, made, departments) -> list[ReviewOpinion]:
    names = [s.transition for s in made]
    if "village_pass" not in names:
        return []
    review = made[names.index("village_pass")].created_at
    returned = "street_return" in names
    parts = list(PARTS)
    if app.state == "joint_review":
        parts = parts[:rng.randint(0, 3)]  # some departments have not signed yet
    found = []
    for i, part in enumerate(parts):
        if part not in departments:
            continue
        agree = not (returned and part == "housing")
        found.append(ReviewOpinion(
            application=app, round=1, part=part, department=departments[part], agree=agree,
            opinion="符合要求，同意" if agree else "拟建层数与村庄规划不符",
            signed_at=review + timedelta(days=1 + i),
        ))
    return found


def _objections(rng, app, made) -> list[Objection]:
    names = [s.transition for s in made]
    if "group_agree" not in names or rng.random() > 0.15:
        return []
    posted = made[names.index("group_agree")].created_at
    resolved = "publicity_end" in names
    return [Objection(
        application=app, raised_by="邻户村民", content="认为拟用地与自家出路相邻，担心影响通行",
        raised_on=timezone.localtime(posted + timedelta(days=1)).date(), upheld=False if resolved else None,
        resolution="经村“两委”现场查看，预留3米通道，异议不成立" if resolved else "",
        resolved_at=posted + timedelta(days=2) if resolved else None,
    )]
