"""The demo's 执法监管 records: ~200 inspections and ~150 violations (at full scale), mostly 未批先建, found
since 2021 (a little more each year, demo.history), in every state of the rectification workflow with
their step history. Each deadline is the working days the 监管办法 in force on the day it was found sets
(30 until March 2023, 20 since: demo.policies). The older cases are closed and carry closure evidence
(one small synthetic PDF, stored once); of the last year's, some open ones are past their deadline."""

import hashlib
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone

from zhenxing.core import attachments
from zhenxing.core.models import Attachment, WorkflowStep
from zhenxing.demo import history, tables
from zhenxing.homestead.enforcement.models import Inspection, Violation
from zhenxing.homestead.enforcement.services import end_of
from zhenxing.homestead.enforcement.workflows import RECTIFICATION
from zhenxing.homestead.policies import rules
from zhenxing.orgs.models import OrgUnit

INSPECTIONS, VIOLATIONS = 200, 150
KINDS = [("unapproved", 75), ("over_area", 12), ("private_sale", 6), ("use_change", 4), ("other", 3)]
TEXT = {
    "unapproved": "未经批准擅自在宅基地上建房，已建成主体结构。",
    "over_area": "院落围墙外扩，实际占地超出批准面积。",
    "private_sale": "将宅基地及房屋私自出售给非本集体经济组织成员。",
    "use_change": "擅自将住宅改作加工作坊使用。",
    "other": "在村内道路旁私搭乱建彩钢房。",
}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
NAMES = "王李张刘陈杨赵黄周吴"


def _at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _evidence_blob() -> tuple[str, int]:
    sha = hashlib.sha256(PDF).hexdigest()
    path = attachments.blob_path(sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PDF)
    return sha, len(PDF)


def _cases(rng, parcels, n: int) -> list[tuple]:
    pools = {
        "unapproved": [p for p in parcels if p.build_status == "unapproved_built"],
        "over_area": sorted(parcels, key=lambda p: -p.area_m2)[: max(20, n)],
        "private_sale": [p for p in parcels if p.use_status == "in_use"],
        "use_change": [p for p in parcels if p.use_status == "in_use"],
    }
    for pool in pools.values():
        rng.shuffle(pool)
    cases = []
    for _ in range(n):
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        pool = pools.get(kind)
        if kind != "other" and not pool:
            kind, pool = "other", None
        parcel = pool.pop() if pool else None
        village = parcel.village if parcel else rng.choice(parcels).village
        cases.append((kind, parcel, village))
    return cases


def _deadlines(days, today):
    """The deadline of a case found on each day (enforcement.services.rectification_deadline), from one
    calendar of the whole period instead of per case."""
    calendar = history.Calendar(min(days), today)
    limits = {}

    def deadline(day):
        if day not in limits:
            limits[day] = rules.value("rectify_working_days", day)
        return calendar.add(day, limits[day])

    return deadline


def _state(rng, deadline, today) -> str:
    if deadline >= today:
        return rng.choices(["pending", "rectifying", "rectified"], [50, 35, 15])[0]
    if deadline >= today - timedelta(days=365):
        return rng.choices(["closed", "rectified", "rectifying", "pending"], [75, 8, 9, 8])[0]
    return "closed"


def load(rng, parcels, fraction: float, today) -> dict:
    if not parcels:
        return {"inspections": 0, "violations": 0}
    n_violations, n_inspections = max(6, round(VIOLATIONS * fraction)), max(8, round(INSPECTIONS * fraction))
    cases = _cases(rng, parcels, n_violations)
    streets = dict(
        OrgUnit.objects.filter(
            pk__in={c[2].parent_id for c in cases} | {p.village.parent_id for p in parcels}
        ).values_list("pk", "name")
    )
    villages = list({p.village_id: p.village for p in parcels}.values())

    def team(village):
        return f"{streets[village.parent_id]}综合行政执法队 {rng.choice(NAMES)}某、{rng.choice(NAMES)}某"

    found = history.days(rng, len(cases), today - timedelta(days=3))
    inspections = [
        Inspection(
            village=v,
            path=v.path,
            inspected_on=day,
            inspectors=team(v),
            kind=rng.choices(["routine", "special", "report"], [60, 25, 15])[0],
            findings=f"发现{dict(Violation.KINDS)[kind]}问题1处，已责令限期整改。",
        )
        for (kind, _, v), day in zip(cases, found, strict=True)
    ]
    for _ in range(max(0, n_inspections - len(inspections))):
        v = rng.choice(villages)
        inspections.append(
            Inspection(
                village=v,
                path=v.path,
                inspected_on=history.days(rng, 1, today - timedelta(days=1))[0],
                inspectors=team(v),
                kind="routine",
                findings="未发现违法违规行为。",
            )
        )
    Inspection.objects.bulk_create(inspections)
    tables.update(Inspection, "created_at", {i.pk: _at(i.inspected_on, 17) for i in inspections})

    after = _deadlines(found, today)
    per_year, rows = defaultdict(int), []
    for (kind, parcel, village), day, inspection in zip(cases, found, inspections[: len(cases)], strict=True):
        per_year[day.year] += 1
        deadline = after(day)
        rows.append(
            Violation(
                code=f"WF-{day.year}-{per_year[day.year]:04d}",
                inspection=inspection,
                parcel_id=parcel.pk if parcel else None,
                village=village,
                path=village.path,
                kind=kind,
                found_on=day,
                description=TEXT[kind],
                deadline=deadline,
                state=_state(rng, deadline, today),
                state_since=_at(day),
                due_at=None,
            )
        )
    # However few the cases (a small scale), one was just found and one is past its deadline.
    if not any(v.state == "pending" for v in rows):
        rows[-1].state = "pending"
    overdue = [v for v in rows if v.deadline < today and v.state != "closed"]
    if not any(v.state in ("pending", "rectifying") for v in overdue):
        late = overdue or [v for v in rows if v.deadline < today][-1:]
        if late:
            late[0].state = "rectifying"
    Violation.objects.bulk_create(rows)
    return {"inspections": len(inspections), "violations": len(rows), **_histories(rng, rows, today)}


def _histories(rng, rows, today) -> dict:
    """The steps behind each case's state, and the closure evidence of the closed ones."""
    sha, size = _evidence_blob()
    closed = [v for v in rows if v.state == "closed"]
    files = Attachment.objects.bulk_create(
        [
            Attachment(
                sha256=sha,
                size=size,
                content_type="application/pdf",
                name=f"{v.code}整改验收照片.pdf",
                owner_type="homestead.violation",
                owner_id=str(v.pk),
                scope_path=v.path,
            )
            for v in closed
        ]
    )
    evidence = {int(a.owner_id): a.pk for a in files}
    path_of = {
        "pending": [],
        "rectifying": ["start"],
        "rectified": ["start", "report"],
        "closed": ["start", "report", "close"],
    }
    notes = {
        "start": "村委会已督促当事人开始整改。",
        "report": "当事人已按要求整改完毕，申请验收。",
        "close": "经街道现场核查，整改到位，予以结案。",
    }
    steps = []
    for v in rows:
        day = v.found_on
        for name in path_of[v.state]:
            t = RECTIFICATION.transition(name)
            day = min(today, day + timedelta(days=rng.randint(1, 12)))
            steps.append(
                WorkflowStep(
                    workflow=RECTIFICATION.key,
                    object_type="homestead.violation",
                    object_id=str(v.pk),
                    scope_path=v.path,
                    transition=name,
                    from_state=t.sources[0] if name != "report" else "rectifying",
                    to_state=t.target,
                    comment=notes[name],
                    created_at=_at(day, 9 + len(steps) % 8),
                    attachment_ids=[evidence[v.pk]] if name == "close" else [],
                )
            )
            v.state_since = _at(day, 9 + (len(steps) - 1) % 8)
        v.due_at = end_of(v.deadline) if v.state in ("pending", "rectifying") else None
    WorkflowStep.objects.bulk_create(steps, batch_size=1000)
    for v in rows:
        v.created_at = _at(v.found_on, 17)
    Violation.objects.bulk_update(rows, ["state_since", "due_at", "created_at"], batch_size=500)
    overdue = sum(1 for v in rows if v.due_at and v.deadline < today)
    return {"violations_closed": len(closed), "violations_overdue": overdue, "workflow_steps": len(steps)}
