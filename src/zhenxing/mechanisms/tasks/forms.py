"""Forms of the task list. They read the input (numbers, dates, a unit by its code, an item or a department by
its id within the plan); the checks of content are the services' (their Chinese messages, by field)."""

from django import forms
from django.core.exceptions import ValidationError

from zhenxing.core.feedback import whole_number
from zhenxing.mechanisms.tasks.models import Aspect, Item
from zhenxing.orgs import access
from zhenxing.orgs.forms import DayField, FilesField, ServiceForm, unit_by_code
from zhenxing.orgs.models import Department


def _number(text: str, label: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    number = whole_number(text)
    if number is None or not 0 < number < 10_000:
        raise ValidationError(f"{label}应为正整数")
    return number


class PlanForm(ServiceForm):
    unit = forms.CharField(label="制定单位代码", help_text="区（县）或街道的单位代码")
    year = forms.CharField(label="年度", required=False, help_text="如 2024")
    title = forms.CharField(label="名称", required=False, max_length=200)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_unit(self):
        return unit_by_code(self.actor, self.cleaned_data["unit"], access.MANAGE_TASKS)

    def clean_year(self):
        return _number(self.cleaned_data["year"], "年度")


class CopyForm(ServiceForm):
    year = forms.CharField(label="新年度", help_text="如 2024")

    def clean_year(self):
        return _number(self.cleaned_data["year"], "新年度")


class AspectForm(ServiceForm):
    number = forms.CharField(label="序号", required=False)
    name = forms.CharField(label="方面", required=False, max_length=100)

    def clean_number(self):
        return _number(self.cleaned_data["number"], "序号")


class _OfPlan(ServiceForm):
    """A form written on one plan: its aspects, items and the departments of its county are its choices."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def _one(self, name: str, qs, missing: str):
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        pk = whole_number(text)
        found = qs.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise ValidationError(missing.format(text))
        return found

    def _department(self):
        return self._one("lead_department" if "lead_department" in self.fields else "department",
                         Department.objects.filter(path__in=_prefixes(self.plan.path)), "部门“{}”不存在")


def _prefixes(path: str) -> list[str]:
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]


class ItemForm(_OfPlan):
    aspect = forms.CharField(label="方面", help_text="方面 id")
    number = forms.CharField(label="序号", required=False, help_text="全清单连续编号，如 1–56")
    title = forms.CharField(label="事项", required=False, max_length=200)
    content = forms.CharField(label="具体内容", required=False)
    lead_department = forms.CharField(label="牵头部门", required=False, help_text="部门 id")
    leader = forms.CharField(label="责任领导", required=False, max_length=100)

    def clean_aspect(self):
        return self._one("aspect", Aspect.objects.filter(plan=self.plan), "方面“{}”不在本清单中")

    def clean_number(self):
        return _number(self.cleaned_data["number"], "序号")

    def clean_lead_department(self):
        return self._department()


class TaskForm(_OfPlan):
    item = forms.CharField(label="事项", help_text="事项 id")
    unit = forms.CharField(label="责任单位代码", required=False,
                           help_text="街道或村的单位代码；与责任部门二选一")
    department = forms.CharField(label="责任部门", required=False, help_text="部门 id；与责任单位二选一")
    content = forms.CharField(label="任务内容", required=False, max_length=300)
    expected = forms.CharField(label="预期成果", required=False, max_length=300)
    starts_on = DayField(label="开始日期", required=False, help_text="YYYY-MM-DD")
    due_on = DayField(label="完成时限", required=False, help_text="YYYY-MM-DD")
    indicator = forms.CharField(label="关联指标", required=False, help_text="指标代码；进度按该指标自动计算")
    target = forms.CharField(label="目标值", required=False, help_text="关联指标的目标值")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_item(self):
        return self._one("item", Item.objects.filter(plan=self.plan), "事项“{}”不在本清单中")

    def clean_unit(self):
        text = self.cleaned_data["unit"]
        return unit_by_code(self.actor, text, access.VIEW_DASHBOARD) if text.strip() else None

    def clean_department(self):
        return self._department()


class ReportForm(ServiceForm):
    percent = forms.CharField(label="完成进度（%）", required=False, help_text="0–100；100 即完成")
    text = forms.CharField(label="进展情况", required=False)
    reported_on = DayField(label="报告日期", required=False, help_text="YYYY-MM-DD，默认今天")
    files = FilesField(label="佐证材料", help_text="照片或文件，可多个")
