"""API schemas for the org tree, and the one pagination scheme every list in the API uses."""

from collections.abc import Callable
from typing import Literal

from django.db.models import QuerySet
from ninja import Field, Schema

from zhenxing.orgs import codes

MAX_PAGE_SIZE = 200

Level = Literal[tuple(codes.LEVELS)]
LEVEL_HELP = codes.LEVEL_LABELS.items()


class PageParams(Schema):
    # The upper bound keeps the SQL OFFSET inside a 64-bit integer whatever a client sends.
    page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1–{MAX_PAGE_SIZE}")


class PageMeta(Schema):
    """Subclasses add `items`; a page past the end has no items but still tells the count."""

    count: int = Field(..., description="符合条件的总条数")
    page: int = Field(..., description="页码")
    page_size: int = Field(..., description="每页条数")


def paginate(qs: QuerySet, params: PageParams, out: Callable) -> dict:
    start = (params.page - 1) * params.page_size
    rows = list(qs[start:start + params.page_size])
    return {"count": qs.count(), "page": params.page, "page_size": params.page_size,
            "items": [out(r) for r in rows]}


class OrgUnitQuery(Schema):
    parent: str = Field("", description="上级单位代码：只列出其直属下级")
    level: Level | None = Field(None, description="层级：" + "、".join(f"{k}={v}" for k, v in LEVEL_HELP))


class OrgUnitRef(Schema):
    code: str
    name: str


class OrgUnitOut(Schema):
    code: str = Field(..., description="统计用区划代码（村以下为本平台代码）")
    name: str
    level: str
    level_label: str
    kind: str = Field(..., description="类别：街道/镇/乡、社区/村等")
    parent_code: str | None
    development_village: bool = Field(..., description="具备发展条件村")


class OrgUnitDetail(OrgUnitOut):
    ancestors: list[OrgUnitRef] = Field(..., description="权限范围内的上级单位，自上而下")
    children_count: int = Field(..., description="权限范围内的直属下级数")


class OrgUnitPage(PageMeta):
    items: list[OrgUnitOut]


def org_unit_out(u) -> dict:
    return {
        "code": u.code, "name": u.name, "level": u.level, "level_label": codes.LEVEL_LABELS[u.level],
        "kind": u.kind_label, "parent_code": u.parent.code if u.parent_id else None,
        "development_village": u.development_village,
    }
