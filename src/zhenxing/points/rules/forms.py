"""积分细则 forms: a new version, a book's heading (with the party member bases), a district item (every
field), a village item (within the district's range) and a category. Server-side checks only, every message
in Chinese naming its field."""

from django import forms

from zhenxing.orgs import access
from zhenxing.orgs.forms import ServiceForm
from zhenxing.people.choices import PARTY_CLASSES
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


class VersionForm(RulesForm):
    unit = forms.ChoiceField(label="制定单位")
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}),
                                     help_text="须晚于今天；生效前可修改条目，生效后锁定")
    title = forms.CharField(label="名称", max_length=100, required=False, help_text="不填沿用上一版名称")
    note = forms.CharField(label="说明（民主程序、通过日期等）", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


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


class ItemForm(RulesForm):
    """A district book's item: every field."""

    code = forms.CharField(label="编号", max_length=16)
    name = forms.CharField(label="事项", max_length=200)
    category = forms.ModelChoiceField(label="积分类别", queryset=Category.objects.none())
    points = _int("分值", required=True, help_text="加分为正，扣分为负")
    min_points = _int("村级可调下限", help_text="与上限都不填：村级不可调整")
    max_points = _int("村级可调上限")
    unit = forms.ChoiceField(label="计分单位", choices=RuleItem.UNITS)
    cap = _int("周期上限（分）", help_text="不填：不设上限")
    cap_period = forms.ChoiceField(label="上限周期", choices=[("", "—"), *RuleItem.PERIODS], required=False)
    evidence_required = forms.BooleanField(label="需佐证材料", required=False)
    proposers = _role_field("可申报角色", access.PROPOSE_POINTS)
    approvers = _role_field("可审核角色", access.APPROVE_POINTS)
    source = forms.ChoiceField(label="自动生成来源", choices=RuleItem.SOURCES, required=False)

    def __init__(self, *args, book: RuleBook, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(scheme=book.scheme)
        self.fields["category"].label_from_instance = lambda c: c.name


class VillageItemForm(RulesForm):
    """A village book's item: which district item it adopts, and what the village may change."""

    based_on = forms.ChoiceField(label="依据区级条目")
    points = _int("分值", required=True)
    cap = _int("周期上限（分）", help_text="不得高于区级上限")
    cap_period = forms.ChoiceField(label="上限周期", choices=[("", "—"), *RuleItem.PERIODS], required=False)
    evidence_required = forms.BooleanField(label="需佐证材料", required=False)
    proposers = _role_field("可申报角色", access.PROPOSE_POINTS)
    approvers = _role_field("可审核角色", access.APPROVE_POINTS)

    def __init__(self, *args, district_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if district_items is None:
            del self.fields["based_on"]
        else:
            self.fields["based_on"].choices = [("", "请选择"), *(
                (str(i.pk), f"{i.code} {i.name}（{_range(i)}）") for i in district_items)]


def _range(item: RuleItem) -> str:
    if item.min_points is None:
        return f"固定 {item.points} 分"
    return f"{item.min_points}～{item.max_points} 分"



class CategoryForm(RulesForm):
    code = forms.CharField(label="代码", max_length=16, help_text="小写英文，如 red；保存后不再改变")
    name = forms.CharField(label="类别名称", max_length=50)
    colour = forms.CharField(label="颜色", max_length=7, required=False,
                             widget=forms.TextInput(attrs={"type": "color"}))
    order = _int("顺序")
