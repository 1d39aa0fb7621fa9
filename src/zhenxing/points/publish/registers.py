"""积分公示, 申诉 and 年度结算's registers and writes, declared once: the API's lists, details and writes
derive from these (orgs.registers, orgs.actions), and the pages write through the same actions."""

from datetime import datetime

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register
from zhenxing.points.publish import selectors as sel
from zhenxing.points.publish import services
from zhenxing.points.publish.forms import ObjectionForm, PublishForm, ResolveForm, YearCloseForm
from zhenxing.points.publish.models import Objection

PUBLICATIONS = Register(
    name="publications",
    title="积分公示",
    item="积分公示",
    rows=sel.publication_rows,
    one=sel.publication,
    filter_class=sel.PublicationFilter,
    filters=(Filter("scheme", "积分方案（代码）"), Filter("period", "期间（2024、2024-05、2024-Q2）")),
    columns=(
        Column("积分方案", lambda p: p.scheme.name, key="scheme"),
        Column("公示范围", lambda p: p.unit_name, key="unit"),
        Column("期间", lambda p: p.period_label, key="period_label"),
        Column("期间代码", lambda p: p.period, key="period"),
        Column("公示时间", lambda p: p.published_at, key="published_at", kind=datetime),
        Column("申诉截止", lambda p: p.objection_until, key="objection_until", kind=datetime),
        Column("申诉期内", lambda p: p.objections_open(), key="open", kind=bool),
        Column("名单人数", lambda p: len(p.rows), key="rows", kind=numbers.COUNT),
    ),
    url_of=lambda p: reverse("points:publication", args=[p.pk]),
    description="工作人员：权限范围内的公示；村民：本村的公示",
)

OBJECTIONS = Register(
    name="objections",
    title="积分申诉",
    item="积分申诉",
    rows=sel.objection_rows,
    one=sel.visible_objection,
    filter_class=sel.ObjectionFilter,
    filters=(Filter("state", "状态", "select", tuple(Objection.STATES)), Filter("publication", "公示 id")),
    columns=(
        Column("公示 id", lambda o: o.publication_id, key="publication_id", kind=int),
        Column("公示", lambda o: f"{o.publication.unit_name}{o.publication.period_label}", key="publication"),
        Column("申诉对象", lambda o: o.holder_name, key="holder_name"),
        Column("申诉内容", lambda o: o.text, key="text"),
        Column("提出时间", lambda o: o.filed_at, key="filed_at", kind=datetime),
        Column("状态", lambda o: o.get_state_display(), key="state_label"),
        Column("处理意见", lambda o: o.resolution, key="resolution"),
        Column("处理时间", lambda o: o.resolved_at, key="resolved_at", kind=datetime),
        Column("更正记账", lambda o: o.entry_id, key="entry", kind=int),
    ),
    url_of=lambda o: reverse("points:publication", args=[o.publication_id]),
    description="工作人员：权限范围内公示的全部申诉；村民：本人提出的申诉",
)

YEAR_CLOSES = Register(
    name="year-closes",
    title="年度积分结算",
    item="年度结算",
    rows=sel.year_close_rows,
    one=sel.year_close,
    filter_class=sel.YearCloseFilter,
    filters=(Filter("scheme", "积分方案（代码）"), Filter("year", "年度")),
    columns=(
        Column("结算", str, key="name"),
        Column("积分方案", lambda c: c.scheme.name, key="scheme"),
        Column("方案代码", lambda c: c.scheme.code, key="scheme_code"),
        Column("区县", lambda c: c.county.name, key="county"),
        Column("区县代码", lambda c: c.county.code, key="county_code"),
        Column("年度", lambda c: c.year, key="year", kind=int),
        Column("每村表彰名额", lambda c: c.top_n, key="top_n", kind=int),
        Column("荣誉称号", lambda c: c.title, key="title"),
        Column("状态代码", lambda c: c.state, key="state"),
        Column("状态", lambda c: c.get_state_display(), key="state_label"),
        Column("账户数", lambda c: c.accounts, key="accounts", kind=numbers.COUNT),
        Column("结转/基础分合计", lambda c: c.carried, key="carried", kind=numbers.COUNT),
        Column("用时（秒）", lambda c: c.seconds, key="seconds", kind=float),
        Column("开始时间", lambda c: c.started_at, key="started_at", kind=datetime),
        Column("完成时间", lambda c: c.finished_at, key="finished_at", kind=datetime),
    ),
    url_of=lambda c: reverse("points:year_results", args=[c.pk]),
    description="可结算的区县（积分细则管理权限）的年度结算；详情：人员台账权限覆盖该区县者可查",
)

YEAR_RESULTS = Register(
    name="year-results",
    title="年度积分结果",
    item="年度积分结果",
    rows=sel.year_result_rows,
    one=sel.year_result,
    filter_class=sel.YearResultFilter,
    filters=(Filter("close", "年度结算 id"), Filter("awards", "只看获奖", "select", (("1", "只看获奖"),)),
             Filter("unit", "村/社区", "village")),
    columns=(
        Column("年度结算 id", lambda x: x.close_id, key="close_id", kind=int),
        Column("村/社区", lambda x: x.village.name if x.village else "", key="village"),
        Column("村内名次", lambda x: x.rank, key="rank", kind=int),
        Column("姓名", lambda x: x.name, key="name"),
        Column("积分对象", lambda x: x.holder, key="holder"),
        Column("年度得分", lambda x: x.points, key="points", kind=numbers.COUNT),
        Column("年末余额", lambda x: x.balance, key="balance", kind=numbers.COUNT),
        Column("荣誉称号", lambda x: x.title, key="title"),
    ),
    url_of=lambda x: reverse("points:year_results", args=[x.close_id]),
    description="权限范围内各村的年度冻结排名与表彰（按村、名次）",
)


def _publish(actor, form, record):
    d = form.cleaned_data
    return services.publish(actor=actor, scheme=d["scheme"], unit=d["unit"], period=d["period"],
                            objection_days=d["objection_days"])


def _object(actor, form, record):
    d = form.cleaned_data
    return services.file_objection(actor=actor, publication=d["publication"], holder=d["holder"],
                                   text=d["text"])


def _resolve(actor, form, record):
    d = form.cleaned_data
    return services.resolve(actor=actor, objection=record, outcome=d["outcome"], resolution=d["resolution"],
                            entry=d["entry"])


PUBLISH = Action("", "公示排名", PublishForm, _publish, access.APPROVE_POINTS,
                 description="把一个单位一个期间的排名冻结为公示，申诉期内可申诉")
OBJECT = Action("", "提出申诉", ObjectionForm, _object, (access.REDEEM_POINTS, access.VIEW_OWN_HOUSEHOLD,
                                                        access.PROPOSE_POINTS, access.APPROVE_POINTS),
                idempotent=True,
                description="村民对本户或本人的公示积分提出申诉（holder 不填为本户）；村干部可代为提出")
RESOLVE = Action("resolve", "处理申诉", ResolveForm, _resolve, access.APPROVE_POINTS,
                 form_kwargs=lambda actor, record: {})


def _close_year(actor, form, record):
    d = form.cleaned_data
    return services.close_year(actor=actor, scheme=d["scheme"], county=d["county"], year=d["year"],
                               top_n=d["top_n"], title=d["title"])


CLOSE_YEAR = Action("", "年度结算", YearCloseForm, _close_year, access.MANAGE_POINT_RULES,
                    description="冻结区县各村的年度排名并评定荣誉，再为每个账户开设下一年度账户（结转或基础分）；"
                                "中断后再次调用从断点继续，已完成的结算不能重复")
