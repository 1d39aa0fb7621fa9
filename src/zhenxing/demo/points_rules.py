"""The demo district's points schemes: the two default schemes with their first district version, in force
from 1 January of last year (the demo's claims reach back about eleven months)."""

from django.utils import timezone

from zhenxing.points.rules import services as services_rules


def load(*, county) -> dict:
    year = timezone.localdate().year - 1
    created = services_rules.ensure_default_schemes(county, audited=False, year=year)
    return {"point_schemes": len(created["schemes"]), "point_items": created["items"]}
