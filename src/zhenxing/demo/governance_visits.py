"""The demo district's 入户走访: grid workers' visits since 2021, about 10,000 in 2023 and more each year
as the grids' rounds widen (demo.history), the current year up to today. A household is visited every few
years on average, so the grid page's "90天未走访" list is long; the visits themselves spread over every
month."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from zhenxing.demo import history
from zhenxing.demo.population import insert_rows
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

REFERENCE, GROWTH = 10_000, 0.08  # visits in 2023 at full scale (50,000 households); more each year
NOTES = {
    "routine": ["家中情况正常", "老人身体状况良好", "了解家庭收入和务工情况"],
    "policy": ["宣传医保缴费政策", "宣传宅基地管理政策", "宣传防诈骗知识"],
    "disputes": ["排查邻里矛盾，未发现问题", "了解到与邻户因排水有争议，已告知村委会"],
    "hardship": ["独居老人，协助申请临时救助", "了解孩子上学困难情况"],
    "safety": ["检查用电安全，提醒更换老化电线", "冬季取暖一氧化碳防范提醒"],
}


@dataclass(slots=True)
class VisitRow:
    id: int
    household_id: int
    path: str
    visited_on: date
    purpose: str
    notes: str
    follow_up_needed: bool
    visitor_id: int | None
    created_at: datetime
    synthetic: bool = True


def load(*, seed: int, county: OrgUnit) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:visits")
    now, today = timezone.now(), timezone.localdate()
    first = (Visit.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    homes = list(Household.objects.filter(path__startswith=county.path).order_by("pk")
                 .values_list("pk", "path"))
    if not homes:
        return {"visits": 0}
    rows = []
    purposes = list(NOTES)
    share, tz = len(homes) / 50_000, timezone.get_current_timezone()  # of the full-scale district
    for year, n in history.counts(REFERENCE * share, today, growth=GROWTH, minimum=0).items():
        days = (min(date(year, 12, 31), today) - date(year, 1, 1)).days
        for _ in range(n):
            pk, path = homes[rng.randrange(len(homes))]
            purpose = rng.choice(purposes)
            day = date(year, 1, 1) + timedelta(days=rng.randint(0, days))
            at = min(history.local(day, rng.randint(8, 17), tz), now)
            rows.append(VisitRow(0, pk, path, day, purpose, rng.choice(NOTES[purpose]),
                                 purpose in ("disputes", "hardship") and rng.random() < 0.4, None, at))
    rows.sort(key=lambda r: r.created_at)
    for i, r in enumerate(rows):  # ids in the order visited
        r.id = first + i
    insert_rows(Visit, rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Visit]):
            cursor.execute(sql)
    return {"visits": len(rows)}
