"""Org tree endpoints; every read goes through orgs.selectors with the request's actor."""

from ninja import Query, Router

from zhenxing.orgs import access, selectors
from zhenxing.orgs.schemas import (
    OrgUnitDetail,
    OrgUnitOut,
    OrgUnitPage,
    OrgUnitQuery,
    PageParams,
    org_unit_out,
    paginate,
)

router = Router(tags=["组织"])


@router.get("/", response=OrgUnitPage, summary="组织单元列表",
            description="权限范围内的组织单元（区县、街道/乡镇、村/社区、村民小组、网格），按代码排序，分页。")
def list_org_units(request, filters: Query[OrgUnitQuery], pager: Query[PageParams]):
    access.require(request.actor, access.VIEW_ORGS)
    qs = selectors.org_units(actor=request.actor).select_related("parent")
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return paginate(qs.order_by("path"), pager, org_unit_out)


@router.get("/{code}", response=OrgUnitDetail, summary="组织单元详情",
            description="按代码查看一个组织单元；不存在或不在权限范围内均返回 404。")
def get_org_unit(request, code: str):
    unit = selectors.org_unit(actor=request.actor, code=code)
    return {
        **org_unit_out(unit),
        "ancestors": [{"code": a.code, "name": a.name}
                      for a in selectors.ancestors_in_scope(actor=request.actor, unit=unit)],
        "children_count": selectors.children(actor=request.actor, unit=unit).count(),
    }


@router.get("/{code}/children", response=list[OrgUnitOut], summary="直属下级单元",
            description="一个组织单元在权限范围内的直属下级，按代码排序（不分页）。")
def list_children(request, code: str):
    unit = selectors.org_unit(actor=request.actor, code=code)
    children = selectors.children(actor=request.actor, unit=unit).select_related("parent")
    return [org_unit_out(c) for c in children]
