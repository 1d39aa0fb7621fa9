"""The demo district's 评理说事: a point in every village with two to four 说事员, and disputes since 2021.

Disputes are written as records with their backdated step history (like demo.homestead_applications),
not walked through the services: about 1,250 registered in 2023 (REFERENCE: the seed's "1200余" resolved
that year) and a few per cent more each year since (demo.history), the current year up to today. Most are
mediated at the group or the village within the month, agreed, followed up and closed; some fail and go
up to the street, a few end without agreement. Each dispute's steps run from its registration as far as
they have come by the moment of loading, so the last weeks' are still open, and a few of the last
quarter's have stalled past their month (the overdue list).
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from zhenxing.core.models import WorkflowStep
from zhenxing.demo import history
from zhenxing.demo.tables import Table
from zhenxing.governance.mediation.models import Dispute, DisputeParty, MediationPoint, Mediator
from zhenxing.governance.mediation.workflows import DISPUTE, OPEN_STATES, RESOLVED_STATES
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person

LIMIT = timedelta(days=30)
REFERENCE = 1255  # disputes registered in 2023 at full scale; all but a few agreed that year
MINIMUM = 6  # disputes a year at the smallest scale
RECENT, STUCK = 90, 0.06  # of the last 90 days' disputes, the share stalled before mediation or settlement
# How a dispute ends: (share, the steps that lead there).
OUTCOMES = {
    "closed": (93, ["mediate", "agree", "follow_up", "close"]),
    "closed_escalated": (5.5, ["mediate", "fail", "escalate", "mediate", "agree", "follow_up", "close"]),
    "terminated": (1.5, ["mediate", "fail", "escalate", "mediate", "fail", "terminate"]),
}
# Days before a step (the follow-up waits for the agreement to be carried out).
GAPS = {"follow_up": (5, 20), "close": (1, 8)}
KIND_WEIGHTS = {"neighbour": 35, "family": 20, "land": 15, "homestead": 15, "contract": 8, "other": 7}
WAYS = [w for w, _ in Dispute.WAYS]
MEDIATOR_KINDS = ["party_member", "sage", "mediator", "lawyer", "cadre"]
DESCRIPTIONS = {
    "neighbour": ["邻里因排水沟走向发生争执", "两户因院墙高度、采光问题争执", "宠物犬咬伤邻居引发赔偿纠纷"],
    "family": ["兄弟间赡养老人费用分担纠纷", "夫妻感情不和，分家析产纠纷", "继承父母房屋份额纠纷"],
    "land": ["承包地地界不清引发争执", "土地流转租金拖欠纠纷", "机耕路占用承包地纠纷"],
    "homestead": ["宅基地界址不清，院墙位置争执", "翻建房屋越界占用邻户宅基地"],
    "contract": ["农机作业费拖欠纠纷", "雇工工钱结算纠纷"],
    "other": ["林木采伐收益分配纠纷", "养殖异味影响邻户生活"],
}
AGREEMENTS = ["双方同意以原有界桩为界，各自后退0.5米", "一方于十日内支付补偿款两千元", "赡养费由子女按月均摊",
              "拖欠款项于本月底前一次付清", "共同出资疏通排水沟，费用各半"]
COMMENTS = {"fail": "双方分歧较大，本级调解不成", "escalate": "报上一级调解",
            "terminate": "告知当事人可依法申请仲裁或提起诉讼"}
FOLLOW_UPS = ["协议已履行，双方无异议", "款项已付清，双方关系缓和", "已按协议整改，回访满意"]


def load(*, seed: int, county: OrgUnit, scale: float = 1.0) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:mediation")
    villages = list(OrgUnit.objects.filter(path__startswith=county.path, level="village")
                    .select_related("parent").order_by("code"))
    if not villages:
        return {"mediation_points": 0, "mediators": 0, "disputes": 0, "disputes_resolved": 0}
    now, today, tz = timezone.now(), timezone.localdate(), timezone.get_current_timezone()
    people = {v.pk: list(Person.objects.filter(village=v).order_by("pk").values_list("pk", "name")[:300])
              for v in villages}
    groups = {}
    for g in OrgUnit.objects.filter(path__startswith=county.path, level="group").order_by("code"):
        groups.setdefault(g.parent_id, []).append(g)
    opened = history.local(history.START - timedelta(days=61), 9)  # the points opened before the history
    points = MediationPoint.objects.bulk_create(
        MediationPoint(village=v, name=f"{v.name}评理说事点", address=f"{v.name}党群服务中心",
                       open_hours="每周一至周五 8:30–17:00，每月逢五集中说事", path=v.path,
                       created_at=opened) for v in villages)
    mediators, by_village = [], {}
    for v, point in zip(villages, points, strict=True):
        chosen = rng.sample(people[v.pk], min(len(people[v.pk]), rng.randint(2, 4)))
        for pk, _ in chosen:
            mediators.append(Mediator(person_id=pk, point=point, kind=rng.choice(MEDIATOR_KINDS),
                                      since=date(rng.randint(2018, 2020), rng.randint(1, 12), 1),
                                      path=v.path))
    Mediator.objects.bulk_create(mediators)
    for m in mediators:
        by_village.setdefault(m.path, []).append(m)
    disputes, parties, links = [], [], []
    usable = [v for v in villages if len(people[v.pk]) >= 2]
    outcomes = list(OUTCOMES.values())
    for year, n in history.counts(REFERENCE, today, scale, minimum=MINIMUM).items():
        for _ in range(n):
            v = rng.choice(usable)
            d = _dispute(rng, v, groups.get(v.pk, []))
            path = rng.choices([p for _, p in outcomes], [w for w, _ in outcomes])[0]
            d._steps = _history(rng, d, path, history.moment(rng, year, now, tz), now)
            disputes.append(d)
            parties.append((d, rng.sample(people[v.pk], 2)))
            links.append((d, rng.sample(by_village.get(v.path, []), min(2, len(by_village.get(v.path, []))))))
    numbers: dict[int, int] = {}
    table, steps = Table(Dispute), Table(WorkflowStep)
    for d in sorted(disputes, key=lambda d: d.registered_at):
        year = d.registered_at.astimezone(tz).year
        numbers[year] = numbers.get(year, 0) + 1
        d.code = f"TJ-{year}-{numbers[year]:06d}"
        table.add_instance(d)
        for step in d._steps:
            steps.add(**step, object_id=str(d.pk))
    table.write()
    steps.write()
    rows, through = Table(DisputeParty), Table(Dispute.mediators.through)
    for d, pair in parties:
        for pk, name in pair:
            rows.add(dispute_id=d.pk, name=name, person_id=pk)
    for d, ms in links:
        for m in ms:
            through.add(dispute_id=d.pk, mediator_id=m.pk)
    rows.write()
    through.write()
    resolved = sum(d.state in RESOLVED_STATES for d in disputes)
    return {"mediation_points": len(points), "mediators": len(mediators), "disputes": len(disputes),
            "disputes_resolved": resolved}


def _dispute(rng, village, village_groups) -> Dispute:
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    level = "group" if village_groups and rng.random() < 0.45 else "village"
    unit = rng.choice(village_groups) if level == "group" else village
    return Dispute(village=village, level=level, kind=kind, description=rng.choice(DESCRIPTIONS[kind]),
                   path=unit.path, state="registered")


def _history(rng, d: Dispute, path: list[str], registered, now) -> list[dict]:
    """The steps from `registered` on, as far as they have come by `now`; a recent dispute may stall."""
    if now - registered < timedelta(days=RECENT) and rng.random() < STUCK:
        path = path[:rng.randrange(2)]
    at = registered
    d.registered_at = d.created_at = d.state_since = at
    d.limit_at = at + LIMIT
    steps = []
    for name in path:
        gap = timedelta(days=rng.uniform(*GAPS.get(name, (0.5, 6))))
        if at + gap > now - timedelta(hours=1):
            break  # not yet taken
        at += gap
        t = DISPUTE.transition(name)
        data, comment = _data(rng, d, name), COMMENTS.get(name, "")
        steps.append(dict(
            workflow=DISPUTE.key, object_type="governance.dispute", scope_path=d.path, transition=name,
            from_state=d.state, to_state=t.target, comment=comment, data=data, created_at=at))
        d.state, d.state_since = t.target, at
        if name == "escalate":
            d.level, d.path = ("street", d.village.parent.path) if d.level == "village" else (
                "village", d.village.path)
            d.limit_at = at + LIMIT
        for field, value in data.items():
            setattr(d, field, value)
        if name == "agree":
            d.agreed_at = at
        if name in ("close", "terminate"):
            d.closed_at = at
    d.due_at = d.limit_at if d.state in OPEN_STATES else None
    return steps


def _data(rng, d: Dispute, name: str) -> dict:
    if name == "mediate":
        return {"way": rng.choice(WAYS)}
    if name == "agree":
        return {"agreement": "written" if rng.random() < 0.8 else "oral",
                "agreement_text": rng.choice(AGREEMENTS)}
    if name == "follow_up":
        return {"performance": rng.choices(["done", "partly"], weights=[9, 1])[0],
                "follow_up": rng.choice(FOLLOW_UPS)}
    return {}
