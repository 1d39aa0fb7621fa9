"""积分细则's registers and writes, declared once: the API's lists, details and writes derive from these
(orgs.registers, orgs.actions), and the pages write through the same actions: a new version, a draft's
heading, its items, the scheme's categories."""

from datetime import date

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register
from zhenxing.points.rules import selectors as sel
from zhenxing.points.rules import services
from zhenxing.points.rules.forms import BASE_LABELS, BookForm, CategoryForm, ItemForm, VersionForm
from zhenxing.points.rules.models import RuleItem, Scheme

STATUSES = (("draft", "待生效（草稿）"), ("current", "现行"), ("superseded", "已被新版本取代"))
RULES_PAGE = "points:rules"


def _labels(choices, value) -> str:
    return dict(choices).get(value, value)


SCHEMES = Register(
    name="schemes",
    title="积分方案",
    item="积分方案",
    rows=sel.scheme_rows,
    one=sel.scheme_row,
    filter_class=sel.SchemeFilter,
    filters=(Filter("q", "代码或名称"), Filter("subject", "积分对象", "select", tuple(Scheme.SUBJECTS))),
    columns=(
        Column("代码", lambda s: s.code, key="code"),
        Column("名称", lambda s: s.name, key="name"),
        Column("积分对象代码", lambda s: s.subject, key="subject"),
        Column("积分对象", lambda s: s.get_subject_display(), key="subject_label"),
        Column("制定单位", lambda s: s.org_unit.name, key="unit"),
        Column("制定单位代码", lambda s: s.org_unit.code, key="unit_code"),
        Column("最低分", lambda s: s.floor, key="floor", kind=int),
        Column("年度规则代码", lambda s: s.year_end, key="year_end"),
        Column("年度规则", lambda s: s.get_year_end_display(), key="year_end_label"),
        Column("可在积分超市兑换", lambda s: s.spendable, key="spendable", kind=bool),
    ),
    url_of=lambda s: reverse(RULES_PAGE),
    description="调用者所在区县（及其上级）的启用中的积分方案；需人员台账权限",
)

BOOKS = Register(
    name="rule-books",
    title="积分细则版本",
    item="积分细则版本",
    rows=sel.book_rows,
    one=sel.book_row,
    filter_class=sel.BookFilter,
    filters=(Filter("scheme", "积分方案 id"), Filter("unit", "制定单位", "village"),
             Filter("status", "状态", "select", STATUSES)),
    columns=(
        Column("积分方案 id", lambda b: b.scheme_id, key="scheme_id", kind=int),
        Column("积分方案", lambda b: b.scheme.name, key="scheme"),
        Column("制定单位", lambda b: b.org_unit.name, key="unit"),
        Column("制定单位代码", lambda b: b.org_unit.code, key="unit_code"),
        Column("村级细则", lambda b: b.org_unit.level == "village", key="village", kind=bool),
        Column("版本", lambda b: b.version, key="version", kind=int),
        Column("名称", lambda b: b.title, key="title"),
        Column("生效日期", lambda b: b.effective_from, key="effective_from", kind=date),
        Column("状态代码", lambda b: b.status, key="status"),
        Column("状态", lambda b: _labels(STATUSES, b.status), key="status_label"),
        Column("条目数", lambda b: b.item_count, key="item_count", kind=numbers.COUNT),
        Column("说明", lambda b: b.note, key="note"),
        *(Column(f"{label}基础分", lambda b, k=key: (b.bases or {}).get(k), key=f"base_{key or 'default'}",
                 kind=int) for key, label in BASE_LABELS),
    ),
    url_of=lambda b: reverse("points:book", args=[b.pk]),
    description="调用者可见的细则版本：本单位及上级、下级单位制定的；需人员台账权限",
)

ITEMS = Register(
    name="rule-items",
    title="积分细则条目",
    item="积分细则条目",
    rows=sel.item_rows,
    one=sel.item,
    filter_class=sel.ItemFilter,
    filters=(Filter("book", "细则版本 id"), Filter("category", "积分类别（代码）"),
             Filter("q", "编号或事项")),
    columns=(
        Column("细则版本 id", lambda i: i.book_id, key="book_id", kind=int),
        Column("编号", lambda i: i.code, key="code"),
        Column("事项", lambda i: i.name, key="name"),
        Column("积分类别 id", lambda i: i.category_id, key="category_id", kind=int),
        Column("积分类别代码", lambda i: i.category.code, key="category"),
        Column("积分类别", lambda i: i.category.name, key="category_name"),
        Column("分值", lambda i: i.points, key="points", kind=int),
        Column("村级可调下限", lambda i: i.min_points, key="min_points", kind=int),
        Column("村级可调上限", lambda i: i.max_points, key="max_points", kind=int),
        Column("计分单位代码", lambda i: i.unit, key="unit"),
        Column("计分单位", lambda i: i.get_unit_display(), key="unit_label"),
        Column("周期上限（分）", lambda i: i.cap, key="cap", kind=int),
        Column("上限周期", lambda i: i.cap_period, key="cap_period"),
        Column("需佐证材料", lambda i: i.evidence_required, key="evidence_required", kind=bool),
        Column("可申报角色", lambda i: ",".join(i.proposers or []), key="proposers"),
        Column("可审核角色", lambda i: ",".join(i.approvers or []), key="approvers"),
        Column("自动生成来源", lambda i: i.source, key="source"),
        Column("依据区级条目 id", lambda i: i.based_on_id, key="based_on", kind=int),
        Column("依据区级条目编号", lambda i: i.based_on.code if i.based_on_id else "", key="based_on_code"),
    ),
    url_of=lambda i: reverse("points:book", args=[i.book_id]),
    description="调用者可见的细则版本中的条目（角色以英文逗号分隔）；需人员台账权限",
)

CATEGORIES = Register(
    name="rule-categories",
    title="积分类别",
    item="积分类别",
    rows=sel.category_rows,
    one=sel.category,
    filter_class=sel.CategoryFilter,
    filters=(Filter("scheme", "积分方案 id"),),
    columns=(
        Column("积分方案 id", lambda c: c.scheme_id, key="scheme_id", kind=int),
        Column("积分方案", lambda c: c.scheme.name, key="scheme"),
        Column("代码", lambda c: c.code, key="code"),
        Column("名称", lambda c: c.name, key="name"),
        Column("颜色", lambda c: c.colour, key="colour"),
        Column("顺序", lambda c: c.order, key="order", kind=int),
    ),
    url_of=lambda c: reverse(RULES_PAGE),
    description="调用者可见的积分方案的类别；需人员台账权限",
)


def _new_version(actor, form, record):
    d = form.cleaned_data
    return services.create_version(actor=actor, scheme=form.scheme, unit=d["unit"],
                                   effective_from=d["effective_from"], title=d["title"], note=d["note"])


def _edit_book(actor, form, record):
    d = form.cleaned_data
    return services.update_book(actor=actor, book=record, title=d["title"],
                                effective_from=d["effective_from"], note=d["note"], bases=form.bases())


def book_form_kwargs(actor, record) -> dict:
    """Party member bases on a district book of a member scheme only."""
    return {"with_bases": record.scheme.subject == "member" and record.org_unit.level != "village"}


def _save_item(actor, form, record):
    fields = {k: v for k, v in form.cleaned_data.items() if k != "book"}
    if "based_on" in fields:
        fields["based_on"] = RuleItem.objects.select_related("book").filter(
            pk=int(fields["based_on"])).first() if fields["based_on"] else None
    for key in ("cap_period", "source"):
        if key in fields:
            fields[key] = fields[key] or ""
    return services.save_item(actor=actor, book=form.book, item=record, fields=fields)


def _save_category(actor, form, record):
    d = form.cleaned_data
    return services.save_category(actor=actor, scheme=form.scheme, category=record, code=d.get("code", ""),
                                  name=d["name"], colour=d["colour"], order=d["order"])


MANAGE = access.MANAGE_POINT_RULES
NEW_VERSION = Action("", "新建细则版本", VersionForm, _new_version, MANAGE,
                     description="复制上一版本（村级首版复制上级现行细则）为草稿；生效前可修改")
EDIT_BOOK = Action("edit", "修改细则草稿（名称、生效日期、说明、党员基础分）", BookForm, _edit_book, MANAGE,
                   form_kwargs=book_form_kwargs,
                   description="只能修改尚未生效的版本；区级党员积分细则可改各类党员的基础分（base_*）")
ADD_ITEM = Action("", "新增细则条目", ItemForm, _save_item, MANAGE,
                  description="book 为尚未生效的细则版本 id。区级细则填写全部字段；村级细则选择依据的区级条目"
                              "（based_on），分值须在区级允许的范围内")
EDIT_ITEM = Action("edit", "修改细则条目", ItemForm, _save_item, MANAGE,
                   form_kwargs=lambda actor, record: {"actor": actor, "book": record.book, "item": record},
                   description="整条修改：未给出的字段按空值处理（与页面表单相同）；村级细则只能改分值、上限、"
                               "佐证和角色")
ADD_CATEGORY = Action("", "新增积分类别", CategoryForm, _save_category, MANAGE,
                      description="scheme 为积分方案 id；只有方案的制定单位可增改类别")
EDIT_CATEGORY = Action("edit", "修改积分类别（名称、颜色、顺序）", CategoryForm, _save_category, MANAGE,
                       form_kwargs=lambda actor, record: {"actor": actor, "scheme": record.scheme,
                                                          "category": record})
