"""搜索 over the API: what the search page finds, grouped by kind, for the same staff in the same scope."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema

from zhenxing.orgs import search
from zhenxing.orgs.schemas import ErrorOut

router = Router(tags=["搜索"])


class SearchQuery(Schema):
    q: str = Field("", description=f"查找内容（{search.MIN_LENGTH}–{search.MAX_LENGTH} 个字）：姓名的开头、"
                                   "完整的 18 位身份证号、户编号、宗地代码或不动产单元号的开头、"
                                   "案件/申请/合同编号的开头；全角数字字母按半角处理")
    kind: str = Field("", description="只查一类：person 人员、household 户、parcel 宗地、case 案件、"
                                      "application 宅基地申请、contract 流转合同；不填则查全部。"
                                      "调用者无权查找的类别返回 404")
    limit: int = Field(search.SHOWN, ge=1, le=50, description="每类最多返回几条")


class HitOut(Schema):
    id: int = Field(..., description="记录 id（各台账详情接口用）")
    title: str = Field(..., description="标题：姓名、户主与户编号、代码或编号")
    context: str = Field(..., description="一行说明：所在村、状态等")
    url: str = Field(..., description="记录页面的网址")


class GroupOut(Schema):
    kind: str = Field(..., description="类别，如 person")
    label: str = Field(..., description="类别名称，如 人员")
    count: int = Field(..., description=f"相符的记录数，最多数到 {search.COUNT_CAP}")
    more_than_count: bool = Field(..., description=f"是否超过 {search.COUNT_CAP} 条（count 只数到此为止）")
    items: list[HitOut] = Field(..., description="前 limit 条")
    register_url: str | None = Field(None, description="按同一内容筛选的台账页面（调用者可打开时）")


class SearchOut(Schema):
    q: str = Field(..., description="实际查找的内容（规范化之后）")
    groups: list[GroupOut] = Field(..., description="有相符记录的类别，按固定顺序；没有相符记录时为空")


@router.get("", response={200: SearchOut, 422: ErrorOut}, summary="搜索",
            description="在调用者的权限范围内查找人员、户、宗地、案件、宅基地申请和流转合同，按类别分组，"
                        "每类附相符条数。只有工作人员可用（持有人员台账、案件办理或宅基地审批权限者）；"
                        "村民和三员返回 404。身份证号须完整（按带密钥的哈希比对），部分号码不会查到任何人。"
                        "查找内容为空、过短或过长返回 422。")
def search_records(request, params: Query[SearchQuery]):
    actor = request.actor
    if not search.can_search(actor):
        raise Http404
    query = search.parse(params.q)
    if params.kind and params.kind not in search.registry:
        known = "、".join(search.registry)
        raise ValidationError({"kind": f"没有这一类“{params.kind}”，可选：{known}"})
    if params.kind and params.kind not in {k.key for k in search.kinds_for(actor)}:
        raise Http404  # a kind the caller cannot search, as a register it cannot open
    groups = search.search(actor, query, kinds=[params.kind] if params.kind else None, limit=params.limit)
    return {"q": query.text, "groups": [{
        "kind": g.kind.key, "label": g.kind.label, "count": g.count, "more_than_count": g.capped,
        "register_url": g.register_url,
        "items": [{"id": record.pk, "title": h.title, "context": h.context, "url": h.url}
                  for record, h in g.hits],
    } for g in groups]}
