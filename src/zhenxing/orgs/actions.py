"""A page's writes over the API, from the same declarations: an `Action` names the page's Django form and the
service call the page makes with it, so the API checks the input with the same form (every Chinese message,
by field: 422) and writes through the same service. A workflow's steps are one operation per register, its
allowed steps and their required data read from the workflow's declaration.

The request body is JSON (or multipart/form-data where the form takes files); its schema in the OpenAPI is
derived from the form's fields."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from ninja import Status

from zhenxing.core import idempotency
from zhenxing.orgs import access
from zhenxing.orgs.register_api import detail_out, detail_schema, fetch, operation_base
from zhenxing.orgs.registers import Register


@dataclass(frozen=True)
class Action:
    name: str  # the path segment after the record ("pay"), or "" for a new record on the register
    summary: str  # the page's button: "登记违法违规"
    form: type  # the page's form class
    perform: Callable  # (actor, form, record or None) -> the record written (the page's service call)
    capability: str | tuple[str, ...]  # the page's gate (a tuple: any of them): without it over the record
    # (or anywhere, for a new one) 404
    form_kwargs: Callable = staticmethod(lambda actor, record: {"actor": actor})
    idempotent: bool = False  # creates or spends: honours the Idempotency-Key header
    key_field: str = ""  # the form's field for the service's own request key (the shop's request_key):
    # filled from the Idempotency-Key header, per user, when the request has one
    description: str = ""

    def bind(self, actor, data, files=None, record=None):
        return self.form(data, files, **self.form_kwargs(actor, record))

    def submit(self, actor, data, files=None, record=None):
        """The form checked, then the service called: the record, or ValidationError with every message."""
        form = self.bind(actor, data, files, record)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return self.perform(actor, form, record)


def allowed(actor, capability, path=None) -> None:
    """404 unless the actor holds the capability (or one of a tuple of them) at `path`."""
    for cap in (capability,) if isinstance(capability, str) else capability:
        if actor.can(cap, path):
            return
    raise Http404


# --- the body ----------------------------------------------------------------------------------------------

def takes_files(form_class) -> bool:
    return any(isinstance(f, forms.FileField) for f in form_class.base_fields.values())


def read_body(request) -> tuple[MultiValueDict, MultiValueDict]:
    """(data, files) as a bound form reads them, from a JSON object or a multipart form."""
    if request.content_type == "multipart/form-data":
        return request.POST, request.FILES
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError({"__all__": "请求体不是有效的 JSON"}) from None
    if not isinstance(body, dict):
        raise ValidationError({"__all__": "请求体应为 JSON 对象（字段名: 值）"})
    data = MultiValueDict()
    for name, value in body.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(name, ["" if v is None else json.dumps(v, ensure_ascii=False)
                            if isinstance(v, dict | list) else v for v in values])
    return data, MultiValueDict()


def field_schema(field: forms.Field) -> dict:
    text = field.label or ""
    if field.help_text:
        text += f"（{field.help_text}）"
    if isinstance(field, forms.FileField):
        out = {"type": "string", "format": "binary"}
    elif isinstance(field, forms.BooleanField):
        out = {"type": "boolean"}
    elif isinstance(field, forms.IntegerField):
        out = {"type": "integer"}
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        out = {"type": "number"}
    elif isinstance(field, forms.DateTimeField):
        out = {"type": "string", "format": "date-time"}
    elif isinstance(field, forms.DateField):
        out = {"type": "string", "format": "date"}
    elif isinstance(field, forms.JSONField):
        out = {"type": "object"}
    elif isinstance(field, forms.MultipleChoiceField):
        out = {"type": "array", "items": {"type": "string"}}
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        values = [str(k) for k, _ in field.choices if k != ""]
        out = {"type": "string"}
        if values and not field.choices.__class__.__name__.startswith("Callable"):
            out["enum"] = values if field.required else ["", *values]
            text += "：" + "、".join(f"{k}={v}" for k, v in field.choices if k != "")
    else:
        out = {"type": "string"}
        if getattr(field, "max_length", None):
            out["maxLength"] = field.max_length
    for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
        if getattr(field, bound, None) is not None and out.get("type") in ("integer", "number"):
            out[key] = float(getattr(field, bound)) if out["type"] == "number" else getattr(field, bound)
    return {**out, "description": text}


def form_schema(form_class) -> dict:
    fields = form_class.base_fields
    schema = {"type": "object", "properties": {n: field_schema(f) for n, f in fields.items()}}
    required = [n for n, f in fields.items() if f.required]
    if required:
        schema["required"] = required
    return schema


def request_body(schema: dict, files: bool) -> dict:
    kind = "multipart/form-data" if files else "application/json"
    return {"requestBody": {"required": True, "content": {kind: {"schema": schema}}}}


def keyed_body(request, action: Action):
    """The body, with the service's own request key derived from the Idempotency-Key (per user, so two
    users' keys never meet) when the action has one and the request carries the header."""
    data, files = read_body(request)
    key = request.headers.get(idempotency.HEADER, "")
    if action.key_field and key:
        data = data.copy()
        data[action.key_field] = idempotency.derived_key(request.user, key)
    return data, files


def _answer(request, run, idempotent: bool):
    """The detail of the record written, once per Idempotency-Key where the write creates or spends."""
    return Status(*(idempotency.once(request, run) if idempotent else run()))


# --- the operations ----------------------------------------------------------------------------------------

def add_action(router, register: Register, action: Action, *, app: str):
    op = f"{operation_base(register, app)}_{action.name or 'create'}"
    detail = detail_schema(register)
    extra = request_body(form_schema(action.form), takes_files(action.form))
    help_ = (action.description + "。" if action.description else "") + \
        "输入错误返回 422，errors 按字段给出全部原因。"
    if action.idempotent:
        help_ += idempotency.HELP

    if not action.name:
        def create(request):
            allowed(request.actor, action.capability)

            def run():
                record = action.submit(request.actor, *keyed_body(request, action))
                return 201, detail_out(request, register, fetch(request, register, record.pk))
            return _answer(request, run, action.idempotent)

        router.post(f"/{register.name}", response={201: detail}, summary=action.summary, operation_id=op,
                    description=help_, openapi_extra=extra)(create)
        return

    def on_record(request, record_id: int):
        record = register.one(actor=request.actor, pk=record_id)
        # A record without a path (a county's catalogue entry) is scoped by `one` and by its service.
        allowed(request.actor, action.capability, getattr(record, "path", None))

        def run():
            written = action.submit(request.actor, *keyed_body(request, action), record=record)
            return 200, detail_out(request, register, fetch(request, register, written.pk))
        return _answer(request, run, action.idempotent)

    router.post(f"/{register.name}/{{record_id}}/{action.name}", response={200: detail},
                summary=action.summary, operation_id=op, description=help_, openapi_extra=extra)(on_record)


def step_help(flow) -> str:
    lines = []
    for t in flow.transitions:
        needs = [f"须填 data.{', data.'.join(t.required_fields)}"] if t.required_fields else []
        if t.required_attachments:
            needs.append(f"须上传 {t.required_attachments} 份材料（multipart 的 files）")
        needs += ["须填理由 comment"] if t.comment_required else []
        sources = "、".join(flow.states[s] for s in t.sources)
        lines.append(f"- `{t.name}` {t.label}：{sources} → {flow.states[t.target]}"
                     + (f"；{'；'.join(needs)}" if needs else ""))
    return "\n".join(lines)


def add_steps(router, register: Register, *, app: str, act: Callable, capability: str | None,
              files: bool = True):
    """POST /<register>/{id}/transitions/{name}: one step of the register's workflow, through `act(actor=,
    record=, transition=, comment=, data=, uploads=)` (the module's step service, as the page calls it)."""
    flow = register.workflow
    step_name = Literal[tuple(t.name for t in flow.transitions)]
    detail = detail_schema(register)
    step_schema = {"type": "object", "properties": {
        "comment": {"type": "string", "description": "办理意见；退回、驳回类环节必填"},
        "data": {"type": "object", "description": "该环节的字段（见各环节的“须填”）"}}}
    content = {"application/json": {"schema": step_schema}}
    if files:
        content["multipart/form-data"] = {"schema": {"type": "object", "properties": {
            "comment": {"type": "string"}, "data": {"type": "string", "description": "JSON 对象"},
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}

    def take_step(request, record_id: int, name: step_name):
        record = register.one(actor=request.actor, pk=record_id)
        if capability:  # None: each step's own capability, checked by `act` (cases: report, dispatch, work)
            access.require(request.actor, capability, record.path)
        comment, data, uploads = _step_input(request)
        act(actor=request.actor, record=record, transition=name, comment=comment, data=data, uploads=uploads)
        return detail_out(request, register, fetch(request, register, record_id))

    router.post(f"/{register.name}/{{record_id}}/transitions/{{name}}", response={200: detail},
                summary=f"办理{register.item}的一个环节",
                operation_id=f"{operation_base(register, app)}_step",
                description="环节（name）：\n" + step_help(flow)
                + "\n\n当前状态不能办理、角色不能办理或缺少必填项时返回 422 及原因。",
                openapi_extra={"requestBody": {"required": False, "content": content}})(take_step)


def _step_input(request) -> tuple[str, dict, list]:
    if request.content_type == "multipart/form-data":
        comment, raw, uploads = request.POST.get("comment", ""), request.POST.get("data") or "{}", \
            request.FILES.getlist("files")
    else:
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError({"__all__": "请求体不是有效的 JSON"}) from None
        if not isinstance(body, dict):
            raise ValidationError({"__all__": "请求体应为 JSON 对象"})
        comment, raw, uploads = body.get("comment", ""), body.get("data", {}), []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not isinstance(raw, dict):
        raise ValidationError({"data": "data 应为 JSON 对象（字段名: 值）"})
    if not isinstance(comment, str):
        raise ValidationError({"comment": "办理意见应为文字"})
    return comment, raw, uploads
