"""Writes of 吹哨报到: reporting a case, the catalogue, and each step of the procedure
(governance.cases.workflows). Every step names its capability; a department's staff act only on the
cases dispatched to their department.

The dispatch catalogue is per county (区/县): an entry belongs to one county, or to none and is then
shared by all. A case may take its own county's entries and the shared ones. A county's entries are kept
by the dispatchers inside it (district and street); the shared ones, which bind every county, only by a
dispatcher above the counties (city or province)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core import attachments, audit, audit_labels, notify, personal, workflow
from zhenxing.core.feedback import whole_number
from zhenxing.core.numbering import save_with_code
from zhenxing.core.paths import under
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.governance.cases.workflows import CAPABILITY, CASE, DEPARTMENT, STREET, VILLAGE
from zhenxing.orgs import access
from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment
from zhenxing.people import selectors as people_selectors

audit_labels.declare({
    "governance.case.report": "上报事件",
    "governance.case.reveal": "查看反映人电话",
    "governance.category.save": "保存派单目录事项",
}, keys={"category": "事项", "urgency": "紧急程度", "county": "区县", "departments": "责任部门",
         "limit": "办理时限", "reporter_phone": "反映人电话"}, lists=("departments",))

OWNER_TYPE = "governance.case"  # of a case's photos and evidence


def departments_of(actor) -> set[int]:
    """The departments whose cases the actor works (their staff assignments)."""
    if not actor.can(access.WORK_CASE):
        return set()
    cached = getattr(actor, "_case_departments", None)
    if cached is None:
        rows = RoleAssignment.objects.filter(user=actor.user, department__isnull=False)
        cached = {r.department_id for r in rows if access.WORK_CASE in access.ROLES.get(r.role, ("", ()))[1]}
        actor._case_departments = cached
    return cached


def case_departments(case: Case) -> set[int]:
    ids = set(case.co_departments.values_list("pk", flat=True))
    return ids | ({case.lead_department_id} if case.lead_department_id else set())


def roles_over(actor, case: Case) -> set[str]:
    """What the actor is to this case: the village, the street, or one of its departments."""
    roles = set()
    if actor.can(access.HANDLE_CASE, case.path):
        roles.add(VILLAGE)
    if actor.can(access.DISPATCH_CASE, case.path):
        roles.add(STREET)
    if actor.can(access.WORK_CASE, case.path) and departments_of(actor) & case_departments(case):
        roles.add(DEPARTMENT)
    return roles


# --- the catalogue's counties ---------------------------------------------------------------------------

def ancestors(path: str) -> list[str]:
    """The path and every path above it ("21/", "21/2101/", …)."""
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]


def county_of(path: str) -> OrgUnit | None:
    """The county a place lies in; None for a place above the counties."""
    return OrgUnit.objects.filter(level="county", path__in=ancestors(path)).first()


def catalogue_at(path: str) -> QuerySet[DispatchCategory]:
    """The entries a case at `path` may take: its county's and the shared ones."""
    county = county_of(path)
    own = Q(county=county) if county else Q(pk__in=[])
    return DispatchCategory.objects.filter(Q(county__isnull=True) | own)


def counties_of(actor, capabilities=(access.DISPATCH_CASE,)) -> QuerySet[OrgUnit]:
    """The counties the actor works in with any of `capabilities`: the one above their unit (a street,
    a village, a county department) or every one below it (a city or province grant)."""
    where = Q(pk__in=[])
    for cap in capabilities:
        for p in actor.paths(cap):
            where |= Q(path__in=ancestors(p)) | under(p)
    return OrgUnit.objects.filter(level="county").filter(where)


def catalogue(actor, capabilities=(access.DISPATCH_CASE,)) -> QuerySet[DispatchCategory]:
    """The entries the actor sees: those of their counties and the shared ones."""
    counties = counties_of(actor, capabilities)
    return DispatchCategory.objects.filter(Q(county__isnull=True) | Q(county__in=counties))


def keeps_shared(actor) -> bool:
    """Whether the actor may keep the shared entries: a dispatcher above the counties."""
    paths = actor.paths(access.DISPATCH_CASE)
    return bool(paths) and OrgUnit.objects.filter(path__in=paths, level__in=("province", "city")).exists()


def may_keep(actor, county: OrgUnit | None) -> bool:
    if county is None:
        return keeps_shared(actor)
    return counties_of(actor).filter(pk=county.pk).exists()


def sources_for(actor) -> list[tuple[str, str]]:
    """A villager reports as a villager; staff may also record what a grid worker or 12345 brought them."""
    if actor.roles <= {"villager"}:
        return [s for s in Case.SOURCES if s[0] == "villager"]
    return list(Case.SOURCES)


def _place(place: OrgUnit | None) -> OrgUnit:
    if place is None:
        raise ValidationError({"place": "请选择村/社区或网格"})
    if place.level == "village":
        return place
    if place.level == "grid" and place.parent and place.parent.level == "village":
        return place.parent
    raise ValidationError({"place": "请选择村/社区或其网格"})


@transaction.atomic
def report(*, actor, place: OrgUnit | None, source: str, description: str,
           category: DispatchCategory | None = None, reporter_name: str = "",
           reporter_phone: str = "", location: str = "", lon=None, lat=None,
           photos=(), now: datetime | None = None) -> Case:
    """A new case in 已上报, in the village (or grid) where it happened."""
    access.require(actor, access.REPORT_CASE, place.path if place else None)
    village = _place(place)
    errors = {}
    if source not in dict(sources_for(actor)):
        errors["source"] = "请从列表中选择来源"
    if not (description or "").strip():
        errors["description"] = "请填写问题描述"
    if (lon is None) != (lat is None):
        errors["lon"] = "经度和纬度须同时填写"
    elif lon is not None and not (73 <= lon <= 136 and 3 <= lat <= 54):
        errors["lon"] = "经纬度不在中国境内"
    if category is not None and not category.active:
        errors["category"] = "该事项已停用"
    elif category is not None and not catalogue_at(village.path).filter(pk=category.pk).exists():
        errors["category"] = "该事项不属于本区县的派单目录"
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    name = (reporter_name or "").strip() or actor.user.get_full_name() or actor.user.username
    case = Case(source=source, reporter=actor.user, reporter_name=name,
                category=category, description=description.strip(), village=village, path=place.path,
                location=(location or "").strip(), lon=lon, lat=lat, created_by=actor.user, created_at=now)
    own = people_selectors.own_person(actor=actor)
    if own is not None and own.phone_enc and (reporter_phone or "").strip() == own.phone_masked:
        # The form showed the villager's own registered number masked; it is copied encrypted, never revealed.
        case.reporter_phone_enc, case.reporter_phone_masked = own.phone_enc, own.phone_masked
    else:
        personal.store(case, "reporter_phone", reporter_phone)
    workflow.start(workflow=CASE, record=case, deadline=CASE.transition("whistle"), now=now)
    save_with_code(case, "AJ", timezone.localtime(now).year)
    for f in photos:
        attachments.store(upload=f, owner_type=OWNER_TYPE, owner_id=str(case.pk), scope_path=case.path,
                          user=actor.user)
    audit.record(actor=actor.user, action="governance.case.report", obj=case,
                 changes={"village": village.name, "source": source, "category": str(category or "")})
    notify.announce_start(workflow=CASE, record=case, actor_user=actor.user)
    return case


@transaction.atomic
def reveal_reporter_phone(*, actor, case: Case) -> str:
    """The reporter's full number, for those who call them back (村书记, 街道); every reveal is audited."""
    access.require(actor, access.VIEW_PERSONAL, case.path)
    audit.record(actor=actor.user, action="governance.case.reveal", obj=case,
                 changes={"fields": ["reporter_phone"]})
    return personal.reveal(case, "reporter_phone")


def _department(value, field: str, case: Case) -> Department:
    """A department the case may go to: one of its own county's (or city's), never another county's."""
    pk = whole_number(value)
    found = Department.objects.filter(pk=pk).first() if pk is not None else None
    if found is None or not case.path.startswith(found.path):
        raise ValidationError({field: "请从列表中选择部门"})
    return found


@transaction.atomic
def act(*, actor, case: Case, transition: str, comment: str = "", data: dict | None = None, uploads=(),
        now: datetime | None = None) -> Case:
    """Take one step; the step's capability over the case is required first (404 otherwise)."""
    if transition not in CAPABILITY:
        raise ValidationError({"transition": f"未知的操作“{transition}”"})
    access.require(actor, CAPABILITY[transition], case.path)
    roles = roles_over(actor, case)
    step = CASE.transition(transition)
    if transition in ("accept", "return", "resolve") and DEPARTMENT not in roles:
        raise Http404  # another department's case: as if it did not exist
    if not step.roles & roles:
        raise ValidationError({"transition": f"您的角色不能执行“{step.label}”"})
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in (data or {}).items()
            if v not in (None, "", [])}
    now = now or timezone.now()
    updates = _prepare(case, transition, data, now)
    ids = [attachments.store(upload=f, owner_type=OWNER_TYPE, owner_id=str(case.pk), scope_path=case.path,
                             user=actor.user).pk for f in uploads]
    # Written first: the deadline of the state entered may depend on them (the category's limits); a
    # refused step rolls them back with the rest.
    if updates:
        for name, value in updates.items():
            setattr(case, name, value)
        Case.objects.filter(pk=case.pk).update(**updates)
    workflow.advance(workflow=CASE, record=case, transition=transition, user=actor.user, roles=roles,
                     comment=(comment or "").strip(), data=data, attachment_ids=ids, now=now)
    return case


def _prepare(case: Case, transition: str, data: dict, now) -> dict:
    """The case's own fields a step sets, validated before anything is written."""
    if transition == "dispatch":
        if case.category_id is None and not data.get("category"):
            raise ValidationError({"category": "派单须选择事项类别"})
        updates = {"dispatched_at": now, "accepted_at": None, "accepted_on_time": None}
        if data.get("category"):
            chosen = whole_number(data["category"]) or 0
            category = catalogue_at(case.path).filter(pk=chosen, active=True).first()
            if category is None:
                raise ValidationError({"category": "请从列表中选择事项类别"})
            case.category = updates["category"] = category
        if data.get("lead_department"):
            lead = _department(data["lead_department"], "lead_department", case)
            co = [_department(v, "co_departments", case) for v in data.get("co_departments") or []]
            case.lead_department = updates["lead_department"] = lead
            case.co_departments.set([d for d in co if d.pk != lead.pk])
            data["lead_department"] = lead.name
            data["co_departments"] = [d.name for d in co]
        return updates
    if transition == "accept":
        return {"accepted_at": now, "accepted_on_time": bool(case.due_at is None or now <= case.due_at)}
    if transition == "resolve" and data.get("result"):
        return {"resolved_at": now, "result": data["result"]}
    if transition == "village_close" and data.get("result"):
        return {"resolved_at": now, "result": data["result"]}
    if transition == "feedback":
        if data.get("feedback_method") and data["feedback_method"] not in dict(Case.FEEDBACK_METHODS):
            raise ValidationError({"feedback_method": "请从列表中选择反馈方式（电话、上门、短信、平台）"})
        if not (data.get("feedback_method") and data.get("feedback")):
            return {}  # the workflow names the missing field
        return {"feedback_method": data["feedback_method"], "feedback": data["feedback"], "fed_back_at": now}
    if transition == "close":
        errors = {}
        if data.get("satisfaction") and data["satisfaction"] not in dict(Case.SATISFACTION):
            errors["satisfaction"] = "请从列表中选择满意度"
        if data.get("evaluation") and data["evaluation"] not in dict(Case.EVALUATION):
            errors["evaluation"] = "请从列表中选择街道评价"
        if errors:
            raise ValidationError(errors)
        return {"satisfaction": data.get("satisfaction", ""), "evaluation": data.get("evaluation", "")}
    if transition == "reopen":
        # Resolved and told again after the redo; the earlier result and feedback stay in the history.
        return {"reopened": case.reopened + 1, "resolved_at": None, "result": "", "feedback_method": "",
                "feedback": "", "fed_back_at": None}
    if transition == "return":
        return {"accepted_at": None, "accepted_on_time": None}
    return {}


@transaction.atomic
def save_category(*, actor, category: DispatchCategory | None = None, county: OrgUnit | None = None,
                  name: str, urgency: str, departments: list[Department], response_hours: int | None = None,
                  limit_hours: int | None = None, limit_working_days: int | None = None,
                  active: bool = True) -> DispatchCategory:
    """Add or change a catalogue entry of a county (`county`), or a shared one (no county). An entry keeps
    the county it was made for; only who keeps that county's entries (may_keep) may change it."""
    access.require(actor, access.DISPATCH_CASE)
    if category is not None:
        county = category.county
    if not may_keep(actor, county):
        if category is not None:
            raise Http404  # someone else's entry: not theirs to change
        raise ValidationError({"county": "请从列表中选择所属区县"})
    errors = {}
    name = (name or "").strip()
    same = DispatchCategory.objects.filter(name=name).exclude(pk=getattr(category, "pk", None))
    if county is not None:
        same_here = same.filter(county=county)
    else:
        same_here = same  # a shared entry is seen in every county: its name must be free everywhere
    if not name:
        errors["name"] = "请填写事项名称"
    elif same_here.exists():
        errors["name"] = f"事项“{name}”已存在"
    elif county and same.filter(county__isnull=True).exists():
        errors["name"] = f"事项“{name}”已是各区县共用的事项"
    if urgency not in dict(DispatchCategory._meta.get_field("urgency").choices):
        errors["urgency"] = "请从列表中选择紧急程度"
    if not departments:
        errors["departments"] = "请至少选择一个责任部门"
    elif county and any(not county.path.startswith(d.path) for d in departments):
        errors["departments"] = f"责任部门须是{county.name}（或其上级）的部门"
    if limit_hours is not None and limit_working_days is not None:
        errors["limit_hours"] = "办理时限按小时或按工作日，只填一项"
    if errors:
        raise ValidationError(errors)
    obj = category or DispatchCategory(county=county)
    before = {"name": obj.name, "urgency": obj.urgency} if category else {}
    obj.name, obj.urgency, obj.active = name, urgency, active
    obj.response_hours = response_hours or obj.response_hours or 2
    obj.limit_hours, obj.limit_working_days = limit_hours, limit_working_days
    obj.save()
    obj.departments.set(departments)
    audit.record(actor=actor.user, action="governance.category.save", obj=obj,
                 changes={"before": before, "name": name, "urgency": urgency,
                          "county": county.name if county else "各区县共用",
                          "departments": [d.name for d in departments], "limit": obj.limit_label})
    return obj
