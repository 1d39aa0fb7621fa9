"""审计日志 for people: each event's action and object in Chinese, who acted (name and where they work, not
the login) and its changes as a table of 原值/新值. The page (orgs.audit_views) and the API (orgs.audit_api)
show the same entries.

The actions recorded by orgs itself (accounts, security, roles, exports, the calendar, tokens) are named
here, since orgs is not split into modules; every other module names its own (core.audit_labels)."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model

from zhenxing.core import audit_labels
from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access, names
from zhenxing.orgs.models import OrgUnit


def _unit_at(path) -> str:
    unit = OrgUnit.objects.filter(path=path).only("name").first() if isinstance(path, str) and path else None
    return unit.name if unit else str(path)


audit_labels.declare({
    "password.change": "修改密码",
    "two_factor.enrol": "绑定两步验证",
    "two_factor.recovery_codes": "重新生成恢复码",
    "two_factor.remove": "解除两步验证",
    "security.unlock": "解除账号锁定",
    "security.two_factor_reset": "重置两步验证",
    "security.session_end": "强制下线（结束会话）",
    "user.create": "新建用户账号",
    "role.assign": "授予角色",
    "org_unit.create": "新建组织单元",
    "department.create": "新建部门",
    "calendar.enter": "录入节假日安排",
    "api_token.issue": "签发接口令牌",
    "export.inline": "导出 Excel",
    "export.request": "申请后台导出",
    "export.download": "下载导出文件",
    "export.stream": "接口批量导出（CSV/NDJSON）",
}, objects={"orgs.export": "台账导出", "orgs.apitoken": "接口令牌", "orgs.roleassignment": "角色授予"},
    keys={"is_workday": "调休上班日", "level": "层级"},
    values={"role": access.role_label, "path": _unit_at})


def object_type_choices() -> list[tuple[str, str]]:
    """(type, name) of the object types an event may name, by name, for the filter's drop-down: the project's
    models and the declared types (not the types found in the log: a DISTINCT over millions of events)."""
    found = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("zhenxing.")}
    found |= set(audit_labels.OBJECTS)
    named = ((t, audit_labels.object_label(t)) for t in found)
    return sorted(((t, label) for t, label in named if label), key=lambda pair: pair[1])


@dataclass
class Entry:
    """One event as the page and the API show it."""

    event: AuditEvent
    action: str  # its Chinese name, or the code of an action nobody named
    named: bool
    object_type: str  # the type's Chinese name, or its code
    object: str  # the object as it was called then (a user by name)
    actor: str  # the name, "系统" for none
    actor_place: str  # "马刚村·村党组织书记", "" when unknown
    rows: list[audit_labels.Row]

    @property
    def changed(self) -> bool:
        """Whether some row is a change (the table then has 原值 and 新值 columns, else one of 内容)."""
        return any(r.change for r in self.rows)


def _actor(event, by_login) -> tuple[str, str]:
    if event.actor_id:
        return names.name(event.actor), names.place(event.actor)
    if event.actor_name in ("", "system"):
        return names.SYSTEM, ""
    user = by_login.get(event.actor_name)  # a failed sign-in names the login it was tried with
    return (names.name(user), names.place(user)) if user else (event.actor_name, "")


def entries(events) -> list[Entry]:
    """The events (with `actor` selected) as entries; the users they name are looked up once per page."""
    events = list(events)
    names.preload(e.actor for e in events if e.actor_id)
    by_login = names.by_login(e.actor_name for e in events if not e.actor_id and e.actor_name != "system")
    user_ids = {int(e.object_id) for e in events if e.object_type == "auth.user" and e.object_id.isdigit()}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    found = []
    for e in events:
        label = audit_labels.action_label(e.action)
        who, where = _actor(e, by_login)
        is_user = e.object_type == "auth.user" and e.object_id.isdigit()
        target = users.get(int(e.object_id)) if is_user else None
        found.append(Entry(
            event=e, action=label or e.action, named=bool(label),
            object_type=audit_labels.object_label(e.object_type) or e.object_type,
            object=names.name(target) if target else e.object_repr,
            actor=who, actor_place=where,
            rows=audit_labels.change_rows(action=e.action, object_type=e.object_type, changes=e.changes)))
    return found
