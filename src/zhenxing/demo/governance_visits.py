"""The demo district's 入户走访: grid workers' visits over the last four months, most households seen
once or twice, some not for months (the grid page's "90天未走访" list)."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from zhenxing.demo.population import insert_rows
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

VISITED_SHARE = 0.55
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
    today = timezone.localdate()
    first = (Visit.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    rows = []
    homes = Household.objects.filter(path__startswith=county.path).order_by("pk").values_list("pk", "path")
    for pk, path in homes:
        if rng.random() > VISITED_SHARE:
            continue
        for _ in range(rng.choice((1, 1, 2))):
            purpose = rng.choice(list(NOTES))
            day = today - timedelta(days=rng.randint(0, 120))
            at = timezone.make_aware(datetime.combine(day, datetime.min.time())
                                     + timedelta(hours=rng.randint(8, 17)))
            rows.append(VisitRow(first + len(rows), pk, path, day, purpose, rng.choice(NOTES[purpose]),
                                 purpose in ("disputes", "hardship") and rng.random() < 0.4, None, at))
    insert_rows(Visit, rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Visit]):
            cursor.execute(sql)
    return {"visits": len(rows)}
