"""The demo district's points schemes: the two default schemes with their first district version."""

from zhenxing.points import services_rules


def load(*, county) -> dict:
    created = services_rules.ensure_default_schemes(county, audited=False)
    return {"point_schemes": len(created["schemes"]), "point_items": created["items"]}
