"""The demo district's points schemes: the two default schemes with their first district version, in force
from 1 January 2021, where the demo's history begins (demo.history)."""

from django.utils import timezone

from zhenxing.demo import history
from zhenxing.points.rules import services as services_rules


def load(*, county) -> dict:
    year = min(history.START.year, timezone.localdate().year)
    created = services_rules.ensure_default_schemes(county, audited=False, year=year)
    return {"point_schemes": len(created["schemes"]), "point_items": created["items"]}
