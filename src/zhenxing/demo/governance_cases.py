"""The demo district's 吹哨报到: a dispatch catalogue over its 18 departments and cases since 2021.

Cases are written as records with their step history backdated (as the homestead applications are), not
walked through the services: about 1,550 reported in 2023 (REFERENCE: the seed's "1500余" resolved that
year) and a few per cent more each year since (demo.history), the current year up to today. Most are
reported by grid workers, whistled to the street, dispatched, accepted (now and then late), resolved,
fed back to the reporter and followed up; a few are closed by the village. Each case's steps run from
its report as far as they have come by the moment of loading, so the cases of the last days are still on
their way, and a few of the last quarter's have stalled at a step, past its limit (the overdue list).

The feedback's details come from a random stream of their own, so adding the step left every other
figure of a seed as it was.
"""

import random
from datetime import timedelta

from django.utils import timezone

from zhenxing.core.models import WorkflowStep
from zhenxing.demo import history
from zhenxing.demo.tables import Table
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.governance.cases.workflows import CASE
from zhenxing.orgs.models import Department, OrgUnit

# 事项 -> (responsible departments by name, urgency)
CATALOGUE = {
    "供水管道破裂": (["水务局"], "utilities"), "停电抢修": (["供电公司"], "utilities"),
    "冬季供暖不热": (["住建局"], "utilities"), "燃气泄漏": (["应急管理局", "住建局"], "emergency"),
    "河道清淤": (["水务局", "生态环境局"], "complex"), "沟渠堵塞": (["水务局"], "general"),
    "道路破损": (["交通局"], "general"), "路灯不亮": (["供电公司"], "general"),
    "私搭乱建": (["综合执法局", "自然资源局"], "complex"),
    "垃圾堆放": (["生态环境局", "综合执法局"], "general"),
    "畜禽疫病救治": (["农业农村局"], "emergency"), "农田灌溉纠纷": (["农业农村局", "水务局"], "general"),
    "森林防火隐患": (["林业局", "应急管理局"], "emergency"), "治安隐患": (["公安分局"], "emergency"),
    "低保救助": (["民政局"], "general"), "医疗卫生服务": (["卫健局"], "general"),
    "食品安全": (["市场监管局"], "general"), "欠薪投诉": (["人社局"], "complex"),
    "校车与学校安全": (["教育局"], "general"), "文物古迹保护": (["文旅局"], "complex"),
    "信访积案": (["信访局"], "complex"),
}
TEXTS = {"供水管道破裂": "村{n}组主街自来水管破裂，路面积水", "停电抢修": "{n}组大风后线路断开，全组停电",
         "河道清淤": "村东河道淤积，汛期前需清淤", "畜禽疫病救治": "养殖户{n}家生猪发病，急需兽医"}
REFERENCE = 1550  # cases reported in 2023 at full scale, nearly all resolved that year: "1500余"
MINIMUM = 8  # cases a year at the smallest scale
VILLAGE_SHARE = 0.05  # closed by the village without whistling
RECENT, STUCK = 90, 0.04  # of the last 90 days' cases, the share that stalls before one of its steps
FULL_PATH = ["whistle", "dispatch", "accept", "resolve", "feedback", "close"]
FEEDBACK = {"phone": "已电话告知反映人处置结果，反映人表示知悉", "visit": "网格员上门告知处置结果",
            "sms": "已短信告知反映人处置结果", "platform": "处置结果已在平台向反映人公开"}


def load(*, seed: int, county: OrgUnit, scale: float = 1.0) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:cases")
    told = random.Random(f"zhenxing-demo:{seed}:case-feedback")
    departments = {d.name: d for d in Department.objects.filter(org_unit=county)}
    categories = _catalogue(departments, county)
    villages = list(OrgUnit.objects.filter(path__startswith=county.path, level="village").order_by("code"))
    if not villages or not categories:
        return {"dispatch_categories": len(categories), "cases": 0, "cases_resolved": 0}
    grids = {}
    for g in OrgUnit.objects.filter(path__startswith=county.path, level="grid"):
        grids.setdefault(g.parent_id, []).append(g)
    now, today = timezone.now(), timezone.localdate()
    calendar = history.Calendar(history.START, today)
    cases, co = [], []
    for year, n in history.counts(REFERENCE, today, scale, minimum=MINIMUM).items():
        for _ in range(n):
            reported = history.moment(rng, year, now, calendar.tz)
            village = rng.choice(villages)
            place = rng.choice(grids.get(village.pk) or [village])
            category = rng.choice(categories)
            names = CATALOGUE[category.name][0]
            text = TEXTS.get(category.name, f"{village.name}反映：{category.name}问题，请协调处理")
            text = text.format(n=rng.randint(1, 6))
            case = Case(source=rng.choices(["grid", "villager", "hotline"], [70, 15, 15])[0],
                        category=category, reporter_name=f"网格员{rng.randint(1, 99):02d}号",
                        description=text, village=village, path=place.path,
                        location=f"{village.name}{rng.randint(1, 6)}组", code="")
            _history(rng, told, case, reported, now, departments[names[0]], calendar)
            if len(names) > 1 and case.lead_department_id:
                co.append((case, departments[names[1]]))
            cases.append(case)
    cases.sort(key=lambda c: c.created_at)
    seq = {}
    table, steps = Table(Case), Table(WorkflowStep)
    for c in cases:
        year = c.created_at.astimezone(calendar.tz).year
        seq[year] = seq.get(year, 0) + 1
        c.code = f"AJ-{year}-{seq[year]:06d}"
        table.add_instance(c)
        for s in c._steps:
            steps.add(**s, object_id=str(c.pk))
    table.write()
    steps.write()
    through = Table(Case.co_departments.through)
    for c, d in co:
        through.add(case_id=c.pk, department_id=d.pk)
    through.write()
    return {"dispatch_categories": len(categories), "cases": len(cases),
            "cases_resolved": sum(c.resolved_at is not None for c in cases)}


def _catalogue(departments: dict, county: OrgUnit) -> list[DispatchCategory]:
    """The county's own catalogue (entries shared by every county are kept above it; the demo has none)."""
    made = []
    for name, (names, urgency) in CATALOGUE.items():
        chosen = [departments[n] for n in names if n in departments]
        if not chosen:
            continue
        c = DispatchCategory.objects.create(county=county, name=name, urgency=urgency,
                                            response_hours=1 if urgency == "emergency" else 2)
        c.departments.set(chosen)
        made.append(c)
    return made


def _gap(rng, name: str, case: Case) -> timedelta:
    """Time before a step: mostly inside the running limit, now and then past it."""
    late = rng.random() < 0.08
    if name == "accept":
        limit = case.category.response_hours
        return timedelta(hours=limit * (rng.uniform(1.1, 3) if late else rng.uniform(0.1, 0.9)))
    if name == "resolve":
        hours = case.category.limit_hours or case.category.limit_working_days * 24
        return timedelta(hours=hours * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.1, 0.9)))
    if name == "close":  # the follow-up visit, within three working days of the feedback
        return timedelta(hours=rng.uniform(4, 60))
    return timedelta(hours=rng.uniform(0.5, 30))


def _history(rng, told, case: Case, reported, now, lead: Department, calendar) -> None:
    """The case's steps from `reported` on, as far as they have come by `now`; `told` draws the feedback
    step (its delay, method and words) apart from `rng`. A recent case may stall before a step (past its
    limit by now, most of them: the overdue list)."""
    path = ["village_close"] if rng.random() < VILLAGE_SHARE else FULL_PATH
    if now - reported < timedelta(days=RECENT) and rng.random() < STUCK:
        path = path[:rng.randrange(len(path))]
    at = case.created_at = reported
    case.state, case.state_since = CASE.initial, at
    case.due_at = calendar.due_after(at, CASE.transition("whistle"), case)
    case._steps = []
    for name in path:
        gap = timedelta(hours=told.uniform(1, 20)) if name == "feedback" else _gap(rng, name, case)
        if at + gap > now - timedelta(minutes=5):
            break  # not yet taken
        at += gap
        t = CASE.transition(name)
        data, comment = {}, ""
        if name == "whistle":
            comment = "村级无法解决，报街道协调"
        elif name == "dispatch":
            case.lead_department, case.dispatched_at = lead, at
            data = {"lead_department": lead.name}
        elif name == "accept":
            case.accepted_at, case.accepted_on_time = at, at <= case.due_at
        elif name in ("resolve", "village_close"):
            case.resolved_at, case.result = at, "已到场处置完毕，群众认可"
            data = {"result": case.result}
        elif name == "feedback":
            case.feedback_method = told.choices(list(FEEDBACK), [60, 20, 10, 10])[0]
            case.feedback, case.fed_back_at = FEEDBACK[case.feedback_method], at
            data = {"feedback_method": case.feedback_method, "feedback": case.feedback}
        elif name == "close":
            case.satisfaction = rng.choices(["satisfied", "basic", "unsatisfied"], [78, 17, 5])[0]
            case.evaluation = rng.choices(["good", "fair_good", "average", "poor"], [55, 30, 12, 3])[0]
            data = {"satisfaction": case.satisfaction, "evaluation": case.evaluation}
        case._steps.append(dict(
            workflow=CASE.key, object_type="governance.case", scope_path=case.path, transition=name,
            from_state=case.state, to_state=t.target, comment=comment, data=data, created_at=at))
        case.state, case.state_since, case.due_at = t.target, at, calendar.due_after(at, t, case)
