from ninja import Router, Schema

router = Router(tags=["组织"])


class OrgUnitOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    development_village: bool


def _out(u) -> OrgUnitOut:
    return OrgUnitOut(code=u.code, name=u.name, level=u.level, kind=u.kind_label,
                      parent_code=u.parent.code if u.parent_id else None, development_village=u.development_village)
