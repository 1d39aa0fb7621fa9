"""Forms of 吹哨报到: reporting a case (the page; the API's intake is Open311's) and a dispatch catalogue
entry (the page and the API)."""

from django import forms

from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import URGENCY, Case, DispatchCategory
from zhenxing.orgs import access
from zhenxing.orgs.forms import ServiceForm
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.people import selectors as people_selectors


class CaseForm(ServiceForm):
    """Server-side checks only, every message in Chinese naming its field."""


class ReportForm(CaseForm):
    place = forms.ChoiceField(label="村/社区或网格")
    source = forms.ChoiceField(label="来源", choices=Case.SOURCES)
    category = forms.ModelChoiceField(label="事项类别", required=False,
                                      empty_label="（不确定，由街道派单时定）",
                                      queryset=DispatchCategory.objects.none())
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label="位置", required=False, max_length=200)
    # Set by "使用我的位置" or a click on the map; typed only by those who know the numbers.
    lon = forms.FloatField(label="经度", required=False,
                           widget=forms.NumberInput(attrs={"readonly": True, "step": "any"}))
    lat = forms.FloatField(label="纬度", required=False,
                           widget=forms.NumberInput(attrs={"readonly": True, "step": "any"}))
    reporter_name = forms.CharField(label="反映人", required=False, max_length=50)
    reporter_phone = forms.CharField(label="联系电话", required=False, max_length=20)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(level__in=("village", "grid"))
        places = access.scoped(units, actor, access.REPORT_CASE)
        self.fields["place"].choices = [(u.code, u.name) for u in places.order_by("path")[:500]]
        self.fields["source"].choices = services.sources_for(actor)
        usable = services.catalogue(actor, (access.REPORT_CASE,))
        self.fields["category"].queryset = usable.filter(active=True)
        self._fill_for(actor)

    def _fill_for(self, actor) -> None:
        """What the reporter need not type: the source their role reports as, and for a villager their own
        name, registered phone (masked; the service copies the number itself) and home grid or village."""
        sources = dict(self.fields["source"].choices)
        # A grid worker reports what they found; anyone else most often what a villager told them.
        self.fields["source"].initial = "grid" if "grid_worker" in actor.roles else "villager"
        if self.fields["source"].initial not in sources:
            self.fields["source"].initial = next(iter(sources), None)
        own = people_selectors.own_person(actor=actor)
        if own is None:
            return
        self.fields["reporter_name"].initial = own.name
        if own.phone_masked:
            self.fields["reporter_phone"].initial = own.phone_masked
            self.fields["reporter_phone"].help_text = "已填本人登记的电话；如用其他号码请改写"
        home = own.household
        places = dict(self.fields["place"].choices)
        for unit in (home.grid, home.village):
            if unit is not None and unit.code in places:
                self.fields["place"].initial = unit.code
                break


SHARED = "shared"


class CategoryForm(CaseForm):
    county = forms.ChoiceField(label="所属区县", required=False)
    name = forms.CharField(label="事项名称", max_length=100)
    urgency = forms.ChoiceField(label="紧急程度", choices=URGENCY)
    departments = forms.ModelMultipleChoiceField(label="责任部门", queryset=Department.objects.all(),
                                                 widget=forms.CheckboxSelectMultiple,
                                                 help_text="派单时按列表顺序，第一个预选为主办部门，其余为协办部门")
    response_hours = forms.IntegerField(label="报到时限（小时）", min_value=1, required=False)
    limit_hours = forms.IntegerField(label="办理时限（小时）", min_value=1, required=False,
                                     help_text="与工作日二选一；都不填时按紧急程度的默认时限")
    limit_working_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, actor, category=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = list(services.counties_of(actor).order_by("path"))
        shared = services.keeps_shared(actor)
        if category is not None:  # an entry keeps the county it was made for
            del self.fields["county"]
        else:
            choices = [(str(c.pk), c.name) for c in counties]
            self.fields["county"].choices = choices + ([(SHARED, "各区县共用")] if shared else [])
            self.fields["county"].required = True
        # The departments an entry may name: its county's and those above it (all, for a shared one).
        usable = {a for c in counties for a in services.ancestors(c.path)}
        if category is not None and category.county is not None:
            usable = set(services.ancestors(category.county.path))
        elif shared:
            usable = None
        departments = Department.objects.all()
        if usable is not None:
            departments = departments.filter(path__in=usable)
        self.fields["departments"].queryset = departments.order_by("path", "name")

    def chosen_county(self):
        value = self.cleaned_data.get("county")
        if not value or value == SHARED:
            return None
        return OrgUnit.objects.filter(pk=int(value), level="county").first()
