"""积分排名与公示 over the API: rankings, publications with their (masked) lists, objections (申诉) and their
resolution, the year close (年度结算) and its frozen results — derived from the module's registers and
actions, the ranking from the page's selector."""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.schemas import MAX_PAGE_SIZE, Whole
from zhenxing.points.publish import registers as r
from zhenxing.points.publish import selectors as sel

router = Router(tags=["积分排名与公示"])


class RankingQuery(Schema):
    scheme: str = Field(..., max_length=40, description="积分方案代码")
    unit: str = Field("", max_length=40, description="村/社区或网格的单位代码（按党支部排名时不填）")
    branch: str = Field("", max_length=20, description="党支部 id（党员积分按支部排名）")
    period: str = Field(..., max_length=10, description="期间：2024、2024-05 或 2024-Q2")


class RankingPager(Schema):
    """Pages of a ranking by number only: a ranking is computed for the period, it has no ids to walk."""

    page: Whole = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
    page_size: Whole = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1–{MAX_PAGE_SIZE}")


class RankingRow(Schema):
    rank: int = Field(..., description="名次")
    holder: str = Field(..., description="household:<户 id> 或 member:<党员 id>")
    name: str = Field(..., description="姓名（户主）")
    points: int = Field(..., description="期间得分")
    balance: int | None = Field(None, description="年度余额（按年度排名时）")


class RankingPage(Schema):
    title: str
    count: int
    page: int
    page_size: int
    items: list[RankingRow]


@router.get("/rankings", response=RankingPage, summary="积分排名",
            operation_id="zhenxing_points_api_rankings",
            description="一个村/社区、网格或党支部在一个期间的排名（同排名页面）；"
                        "需人员台账权限，范围外 404。")
def rankings(request, query: Query[RankingQuery], pager: Query[RankingPager]):
    errors, chosen = {}, []
    for parse in (lambda: sel.scheme(query.scheme.strip(), actor=request.actor),
                  lambda: sel.rank_unit(actor=request.actor, code=query.unit.strip(),
                                        branch=query.branch.strip()),
                  lambda: sel.parse_period(query.period)):
        try:
            chosen.append(parse())
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    scheme, unit, period = chosen
    ranked = sel.ranking(actor=request.actor, scheme=scheme, unit=unit, period=period)
    start = (pager.page - 1) * pager.page_size
    rows = sel.with_names(ranked[start:start + pager.page_size])
    return {"title": f"{unit.name}{period.label}{scheme.name}排名", "count": ranked.count(),
            "page": pager.page, "page_size": pager.page_size,
            "items": [{"rank": x.rank, "holder": x.holder, "name": x.name, "points": x.points,
                       "balance": x.balance if period.kind == "year" else None} for x in rows]}


class PublishedRow(Schema):
    rank: int
    holder: str
    name: str = Field(..., description="姓名；村民看到的是脱敏姓名（张*明）")
    points: int
    balance: int | None = None
    mine: bool = Field(..., description="调用者可为其申诉（本户、本人，或村干部代为申诉）")


@router.get("/publications/{record_id}/rows", response=list[PublishedRow], summary="公示名单",
            operation_id="zhenxing_points_api_publications_rows",
            description="公示冻结的排名名单，同公示页面：村民看到脱敏姓名；范围外 404。")
def publication_rows(request, record_id: int):
    pub = sel.publication(actor=request.actor, pk=record_id)
    full = sel.shows_names(actor=request.actor, publication=pub)
    on_behalf = request.actor.can(access.PROPOSE_POINTS, pub.path) or \
        request.actor.can(access.APPROVE_POINTS, pub.path)
    own = set(sel.own_holders(actor=request.actor))
    return [{"rank": x["rank"], "holder": x["holder"],
             "name": x["name"] if full else sel.mask_name(x["name"]), "points": x["points"],
             "balance": x.get("balance"), "mine": on_behalf or x["holder"] in own}
            for x in pub.rows]


add_register(router, r.PUBLICATIONS, app="points")
add_action(router, r.PUBLICATIONS, r.PUBLISH, app="points")
add_register(router, r.OBJECTIONS, app="points")
add_action(router, r.OBJECTIONS, r.OBJECT, app="points")
add_action(router, r.OBJECTIONS, r.RESOLVE, app="points")
add_register(router, r.YEAR_CLOSES, app="points")
add_action(router, r.YEAR_CLOSES, r.CLOSE_YEAR, app="points")
add_register(router, r.YEAR_RESULTS, app="points")
