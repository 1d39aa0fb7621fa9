"""积分细则 forms: a new version, a book's heading (with the party member bases), a district item (every
field), a village item (within the district's range) and a category. Server-side checks only, every message
in Chinese naming its field."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core.feedback import whole_number
from zhenxing.orgs import access
from zhenxing.orgs.forms import ServiceForm
from zhenxing.people.choices import PARTY_CLASSES
from zhenxing.points.rules import selectors as sel
from zhenxing.points.rules.models import Category, RuleBook, RuleItem

BASE_LABELS = [("", "默认（未分类）"), *PARTY_CLASSES]


def _roles_with(capability: str) -> list[tuple[str, str]]:
    return [(r, label) for r, (label, caps) in access.ROLES.items() if capability in caps]


class RulesForm(ServiceForm):
    """Server-side checks only, every message in Chinese naming its field (whole numbers say so)."""

    def invalid_message(self, field: forms.Field) -> str:
        if isinstance(field, forms.IntegerField):
            return f"{field.label}应为整数"
        return super().invalid_message(field)


NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "size": 6})  # the server checks, in Chinese


def _int(label: str, required: bool = False, **kw) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=-100000, max_value=100000,
                              widget=NUMBER, **kw)


def _named(actor, value, find):
    """The record an API body names by id (a page gives it from its URL): 404 when not visible."""
    number = whole_number(value)
    if number is None:
        return None
    return find(actor=actor, pk=number)


class VersionForm(RulesForm):
    """A new version of a scheme's book; the page takes the scheme from its URL, the API from `scheme`."""

    scheme = forms.CharField(label="积分方案", required=False, help_text="积分方案 id")
    unit = forms.ChoiceField(label="制定单位", help_text="单位代码；只有一个可选单位时可不填")
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}),
                                     help_text="须晚于今天；生效前可修改条目，生效后锁定")
    title = forms.CharField(label="名称", max_length=100, required=False, help_text="不填沿用上一版名称")
    note = forms.CharField(label="说明（民主程序、通过日期等）", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scheme is not None:
            del self.fields["scheme"]
        elif self.is_bound:
            scheme = _named(actor, self.data.get("scheme"), sel.scheme)
        self.scheme = scheme
        # Where the actor may keep a version: none of the scheme's places is 404, as for a book not seen.
        self.units = sel.manageable_units(actor=actor, scheme=scheme) if scheme is not None else []
        if scheme is not None and not self.units:
            raise Http404
        self.fields["unit"].choices = [(u.code, u.name) for u in self.units]
        if self.is_bound and not self.data.get("unit") and len(self.units) == 1:
            self.data = self.data.copy()
            self.data["unit"] = self.units[0].code

    def clean_scheme(self):
        if self.scheme is None:
            raise ValidationError("请填写积分方案")
        return self.scheme

    def clean_unit(self):
        return next(u for u in self.units if u.code == self.cleaned_data["unit"])


class BookForm(RulesForm):
    title = forms.CharField(label="名称", max_length=100)
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明（民主程序、通过日期等）", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, with_bases: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_bases:
            for key, label in BASE_LABELS:
                self.fields[f"base_{key or 'default'}"] = _int(f"{label}基础分")
        self.with_bases = with_bases
        self.name_the_fields()

    def bases(self) -> dict | None:
        if not self.with_bases:
            return None
        return {key: self.cleaned_data.get(f"base_{key or 'default'}") for key, _ in BASE_LABELS}


def _role_field(label: str, capability: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=_roles_with(capability), required=False,
                                     widget=forms.CheckboxSelectMultiple)


# What a village item keeps of the district's (the rest follows it); based_on only when adding.
DISTRICT_ONLY = ("code", "name", "category", "min_points", "max_points", "unit", "source")


class ItemForm(RulesForm):
    """An item of a draft. A district book's: every field; a village book's: which district item it
    adopts (when adding) and what the village may change. The page takes the book from its URL, the API
    (when adding) from `book`."""

    book = forms.CharField(label="细则版本", required=False, help_text="细则版本 id（新增条目时）")
    based_on = forms.ChoiceField(label="依据区级条目", required=False,
                                 help_text="村级细则新增条目时：上级现行细则中条目的 id")
    code = forms.CharField(label="编号", max_length=16, required=False, help_text="区级细则必填")
    name = forms.CharField(label="事项", max_length=200, required=False, help_text="区级细则必填")
    category = forms.ModelChoiceField(label="积分类别", queryset=Category.objects.none(), required=False,
                                      help_text="积分类别 id；区级细则必填")
    points = _int("分值", required=True, help_text="加分为正，扣分为负")
    min_points = _int("村级可调下限", help_text="与上限都不填：村级不可调整")
    max_points = _int("村级可调上限")
    unit = forms.ChoiceField(label="计分单位", choices=RuleItem.UNITS, required=False)
    cap = _int("周期上限（分）", help_text="不填：不设上限；村级不得高于区级上限")
    cap_period = forms.ChoiceField(label="上限周期", choices=[("", "—"), *RuleItem.PERIODS], required=False)
    evidence_required = forms.BooleanField(label="需佐证材料", required=False)
    proposers = _role_field("可申报角色", access.PROPOSE_POINTS)
    approvers = _role_field("可审核角色", access.APPROVE_POINTS)
    source = forms.ChoiceField(label="自动生成来源", choices=RuleItem.SOURCES, required=False)

    def __init__(self, *args, actor, book: RuleBook | None = None, item: RuleItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if book is not None:
            del self.fields["book"]
        elif self.is_bound:
            book = _named(actor, self.data.get("book"), sel.book)
        self.book = book
        if book is None:
            return
        self.fields["cap"].help_text = "不填：不设上限"
        if book.org_unit.level != "village":
            del self.fields["based_on"]
            for name in ("code", "name", "category", "unit"):
                self.fields[name].required = True
            self.fields["category"].queryset = Category.objects.filter(scheme=book.scheme)
            self.fields["category"].label_from_instance = lambda c: c.name
            self.name_the_fields()
            return
        for name in DISTRICT_ONLY:
            del self.fields[name]
        self.fields["points"].help_text, self.fields["cap"].help_text = "", "不得高于区级上限"
        if item is not None:
            del self.fields["based_on"]
            return
        parent = sel.parent_book(book.scheme, book.org_unit, book.effective_from)
        taken = set(book.items.values_list("based_on__code", flat=True))
        district_items = [i for i in (sel.book_items(parent) if parent else []) if i.code not in taken]
        self.fields["based_on"].required = True
        self.fields["based_on"].choices = [("", "请选择"), *(
            (str(i.pk), f"{i.code} {i.name}（{_range(i)}）") for i in district_items)]
        self.name_the_fields()

    def clean_book(self):
        if self.book is None:
            raise ValidationError("请填写细则版本")
        return self.book


def _range(item: RuleItem) -> str:
    if item.min_points is None:
        return f"固定 {item.points} 分"
    return f"{item.min_points}～{item.max_points} 分"



class CategoryForm(RulesForm):
    """A scheme's category; the page takes the scheme from its URL, the API (when adding) from `scheme`.
    Its code is set once: changing a category leaves it out."""

    scheme = forms.CharField(label="积分方案", required=False, help_text="积分方案 id（新增类别时）")
    code = forms.CharField(label="代码", max_length=16, help_text="小写英文，如 red；保存后不再改变")
    name = forms.CharField(label="类别名称", max_length=50)
    colour = forms.CharField(label="颜色", max_length=7, required=False,
                             widget=forms.TextInput(attrs={"type": "color"}))
    order = _int("顺序")

    def __init__(self, *args, actor, scheme=None, category: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if scheme is not None:
            del self.fields["scheme"]
        elif self.is_bound:
            scheme = _named(actor, self.data.get("scheme"), sel.scheme)
        if category is not None:
            del self.fields["code"]
        self.scheme, self.category = scheme, category

    def clean_scheme(self):
        if self.scheme is None:
            raise ValidationError("请填写积分方案")
        return self.scheme
