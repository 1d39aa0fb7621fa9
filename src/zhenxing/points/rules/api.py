"""积分细则 over the API: the schemes, their versions (rule books) with items and categories, a new version
(draft), a draft's heading and items, a draft's deletion, the categories, the district's default schemes —
derived from the module's registers and actions; the deletions and the defaults through the pages'
services."""

from ninja import Field, Router, Schema

from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.selectors import org_unit
from zhenxing.points.rules import registers as r
from zhenxing.points.rules import selectors as sel
from zhenxing.points.rules import services

router = Router(tags=["积分细则"])


class RuleDefaultsIn(Schema):
    unit: str = Field(..., max_length=40, description="区县的单位代码")


class RuleDefaultsOut(Schema):
    schemes: list[str] = Field(..., description="新建的积分方案代码；已有的方案不作修改")
    categories: int = Field(..., description="新建的积分类别数")
    books: int = Field(..., description="新建的细则版本数")
    items: int = Field(..., description="新建的细则条目数")


# Fixed paths before the registers' /{record_id}.
@router.post("/schemes/defaults", response=RuleDefaultsOut, summary="创建默认积分方案",
             operation_id="zhenxing_points_api_schemes_defaults",
             description="在区县建立党员积分和七色积分两个默认方案（类别、首版区级细则）；只建缺少的，"
                         "重复调用不作修改。需该区县的积分细则管理权限，否则 404；不是区县返回 422。")
def defaults(request, body: RuleDefaultsIn):
    unit = org_unit(actor=request.actor, code=body.unit.strip(), capability=access.MANAGE_POINT_RULES)
    return services.ensure_default_schemes(unit, actor=request.actor)


add_register(router, r.SCHEMES, app="points")
add_register(router, r.BOOKS, app="points")
add_action(router, r.BOOKS, r.NEW_VERSION, app="points")
add_action(router, r.BOOKS, r.EDIT_BOOK, app="points")
add_register(router, r.ITEMS, app="points")
add_action(router, r.ITEMS, r.ADD_ITEM, app="points")
add_action(router, r.ITEMS, r.EDIT_ITEM, app="points")
add_register(router, r.CATEGORIES, app="points")
add_action(router, r.CATEGORIES, r.ADD_CATEGORY, app="points")
add_action(router, r.CATEGORIES, r.EDIT_CATEGORY, app="points")


# After the registers: /{record_id} here must not shadow their /export.
class RuleDeletedOut(Schema):
    id: int = Field(..., description="已删除记录的 id")
    detail: str = Field(..., description="删除了什么")


@router.delete("/rule-books/{record_id}", response=RuleDeletedOut, summary="删除尚未生效的细则版本",
               operation_id="zhenxing_points_api_rule_books_delete",
               description="连同其条目删除；已生效的版本返回 422。需该版本制定单位的积分细则管理权限，"
                           "否则 404。")
def delete_book(request, record_id: int):
    book = sel.book(actor=request.actor, pk=record_id)
    services.delete_draft(actor=request.actor, book=book)
    return {"id": record_id, "detail": f"已删除未生效的{book}"}


@router.delete("/rule-items/{record_id}", response=RuleDeletedOut, summary="删除细则草稿中的条目",
               operation_id="zhenxing_points_api_rule_items_delete",
               description="只能删除尚未生效版本中、尚无积分申报的条目，否则 422。"
                           "需积分细则管理权限，否则 404。")
def delete_item(request, record_id: int):
    item = sel.item(actor=request.actor, pk=record_id)
    services.remove_item(actor=request.actor, item=item)
    return {"id": record_id, "detail": f"已删除条目“{item.code} {item.name}”"}
