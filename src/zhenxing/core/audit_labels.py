"""审计日志的中文: what an audit event's action, object and changes are called, for people to read.

Each module declares the actions it records, next to the services that record them
(`audit_labels.declare({"governance.case.report": "上报事件"})`; its app's ready() imports them), with the
names of the keys of its changes that are not fields of the object's model. A workflow's steps are named by
the workflow itself ("吹哨报到：办结"), an import by its spec ("户籍导入"), an object type by its model's
verbose_name. `tests/test_audit_labels.py` fails on an action recorded anywhere in the code without a name.

The events themselves keep the codes: they are hashed into the chain and must never be rewritten.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from zhenxing.core import imports, workflow

ACTIONS: dict[str, str] = {}
OBJECTS: dict[str, str] = {}
# Keys of `changes` that many modules use; a module declares its own, a model's fields name themselves.
KEYS: dict[str, str] = {
    "state": "状态", "comment": "意见", "reason": "理由", "name": "名称", "code": "编号", "kind": "类型",
    "village": "村", "unit": "单位", "household": "户", "person": "人员", "parcel": "宗地", "file": "文件",
    "attachment": "附件", "sha256": "文件摘要（SHA-256）", "size": "文件大小（字节）", "rows": "行数",
    "written": "写入条数", "warnings_confirmed": "已确认的提示条数", "fields": "查看的字段",
    "filters": "筛选条件", "register": "台账", "page": "页面", "format": "格式", "created": "新建",
    "method": "方式", "date": "日期", "year": "年度", "amount": "金额", "points": "积分", "quantity": "数量",
    "before": "原值", "after": "新值", "id_number": "身份证号", "phone": "电话", "title": "标题",
    "version": "版本", "source": "来源", "started": "开始时间", "ip": "IP 地址", "value": "数值",
    "role": "角色", "place": "所在单位", "path": "所属单位",
}
# Keys whose value is a list of things (not a change from one value to another).
ACTION_KEYS: dict[str, dict[str, str]] = {}  # the keys a module names for its own actions
LIST_KEYS: set[str] = {"fields", "filters", "created"}
# key -> how to show its values: their names ({"totp": "验证器"}) or a function (a role code -> its name)
VALUES: dict[str, dict | Callable[[object], str]] = {}
CJK = re.compile(r"[\u4e00-\u9fff]")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def declare(actions: dict[str, str] | None = None, *, objects: dict[str, str] | None = None,
            keys: dict[str, str] | None = None, lists: tuple[str, ...] = (),
            values: dict[str, dict | Callable[[object], str]] | None = None) -> None:
    """A module's names: its actions, object types that are not a model of its own, the keys of its
    actions' changes (for those actions only, as two modules may mean different things by "kind"; without
    actions, for all), keys whose value is a list, and how to show a key's values."""
    ACTIONS.update(actions or {})
    OBJECTS.update(objects or {})
    for code in actions or ():
        ACTION_KEYS.setdefault(code, {}).update(keys or {})
    if not actions:
        KEYS.update(keys or {})
    LIST_KEYS.update(lists)
    VALUES.update(values or {})


def _step(code: str) -> tuple[workflow.Workflow, workflow.Transition] | None:
    key, _, name = code.rpartition(".")
    flow = workflow.registry.get(key)
    step = next((t for t in flow.transitions if t.name == name), None) if flow else None
    return (flow, step) if step else None


def action_label(code: str) -> str:
    """The action's Chinese name; "" for a code nobody declared (an event older than its declaration)."""
    if code in ACTIONS:
        return ACTIONS[code]
    found = _step(code)
    if found:
        return f"{found[0].label}：{found[1].label}"
    kind, _, spec = code.partition(".")
    if kind == "import" and spec in imports.specs:
        return f"{imports.specs[spec].title}导入"
    return ""


def all_actions() -> dict[str, str]:
    """Every action with a name: the declared ones, each workflow's steps and each import."""
    found = dict(ACTIONS)
    for flow in workflow.registry.values():
        for t in flow.transitions:
            found.setdefault(f"{flow.key}.{t.name}", f"{flow.label}：{t.label}")
    for kind, spec in imports.specs.items():
        found.setdefault(f"import.{kind}", f"{spec.title}导入")
    return found


def actions_matching(text: str) -> list[str]:
    """Codes of the actions whose name contains `text` (what a person types in the filter)."""
    text = text.strip()
    return sorted(code for code, label in all_actions().items() if text and text in label)


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if object_type.count(".") == 1 else None
    except (LookupError, ValueError):
        return None


def object_label(object_type: str) -> str:
    """The object type's Chinese name (declared, or its model's verbose_name); "" if it has none."""
    if object_type in OBJECTS:
        return OBJECTS[object_type]
    model = _model(object_type)
    name = str(model._meta.verbose_name) if model else ""
    return name if CJK.search(name) else ""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    before: str
    after: str  # the value itself when this is not a change
    change: bool


def _field(model, key: str):
    """The model's own field of that name; not a relation another model declares on it (which has no name
    of its own, and whose name the changes of an event may use for something else: a count)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


@dataclass(frozen=True)
class _Reading:
    """What one event's keys and values are read against: its action, its object's model, its workflow."""

    action: str = ""
    model: type | None = None
    flow: workflow.Workflow | None = None

    def label(self, key: str) -> str:
        name = str(getattr(_field(self.model, key), "verbose_name", "") or "")
        if CJK.search(name):
            return name
        return ACTION_KEYS.get(self.action, {}).get(key) or KEYS.get(key, key)

    def is_change(self, key: str, value) -> bool:
        if not (isinstance(value, list) and len(value) == 2) or key in LIST_KEYS:
            return False
        field = _field(self.model, key)
        if field is not None and field.many_to_many:
            return False
        if isinstance(field, models.JSONField):  # a list held in one field changes from one list to another
            return all(isinstance(v, list | dict) or v is None for v in value)
        return True

    def show(self, key: str, value) -> str:
        """One value as people read it: a state or a choice by its name, 是/否, local time, lists and
        mappings spelt out."""
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            if key == "fields":
                return "、".join(self.label(str(v)) for v in value)
            return "、".join(self.show(key, v) for v in value)
        if isinstance(value, dict):
            return "；".join(f"{self.label(str(k))}：{self.show(str(k), v) or '—'}" for k, v in value.items())
        if key == "state" and self.flow is not None:
            return self.flow.states.get(value, str(value))
        if key in VALUES:
            named = VALUES[key]
            return str(named.get(value, value) if isinstance(named, dict) else named(value))
        field = _field(self.model, key)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, str) and ISO_MOMENT.match(value):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return value
            return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime(
                "%Y-%m-%d %H:%M:%S")
        return str(value)

    def row(self, key: str, before, after, change: bool) -> Row:
        shown_before = self.show(key, before) if change else ""
        return Row(key, self.label(key), shown_before, self.show(key, after), change)


def change_rows(*, action: str, object_type: str, changes) -> list[Row]:
    """An event's changes as rows of a table: a change has its value before and after, anything else (what
    was shown, a file's digest, the rows of an import) its one value."""
    found = _step(action)
    r = _Reading(action, _model(object_type), found[0] if found else None)
    if not isinstance(changes, dict):
        return [r.row("", None, changes, False)] if changes not in (None, "", []) else []
    before = changes.get("before")
    if isinstance(before, dict):
        if "after" in changes:  # {"before": {…}, "after": {…}}: both sides of every key
            after = changes["after"] if isinstance(changes["after"], dict) else {}
            rest = {k: v for k, v in changes.items() if k not in ("before", "after")}
            keys = list(dict.fromkeys([*before, *after]))
            rows = [r.row(k, before.get(k), after.get(k), bool(before)) for k in keys]
        else:  # {"before": {…}, key: new value, …}: the keys named in `before` changed, the others are told
            rest = {k: v for k, v in changes.items() if k != "before" and k not in before}
            rows = [r.row(k, before[k], changes.get(k), True) for k in before]
        return rows + [r.row(k, None, v, False) for k, v in rest.items()]
    return [r.row(k, v[0], v[1], True) if r.is_change(k, v) else r.row(k, None, v, False)
            for k, v in changes.items()]


# The kernel's own tables (their models carry no Chinese names), and the account a login is.
declare(objects={
    "auth.user": "用户账号", "core.auditevent": "审计日志", "core.audithead": "审计链头",
    "core.attachment": "附件", "core.loginfailure": "登录失败记录", "core.importjob": "导入任务",
    "core.exportjob": "后台导出", "core.workflowstep": "办理记录", "core.ledgeraccount": "账户",
    "core.ledgerentry": "账户流水", "core.workerbeat": "后台任务进程", "core.holiday": "节假日",
    "core.idempotentrequest": "重复提交保护记录", "core.indicatortarget": "指标目标值",
    "core.twofactordevice": "两步验证设备", "core.recoverycode": "恢复码", "core.passwordhistory": "历史密码",
    "core.usersession": "登录会话", "core.loginevent": "登录记录", "import": "导入",
})
# The demo loader (zhenxing.demo) is no app that a server loads: its two events are named here.
declare({"demo.load": "载入演示数据", "demo.accounts": "生成演示账号"})
