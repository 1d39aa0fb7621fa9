"""The JSON API under /api/v1/: session or bearer-token auth, same scoping as the pages.

Every error answers {"detail": "...", "errors": {...}} in Chinese (ErrorOut); the schema declares those
answers on every operation (ZhenxingAPI.get_openapi_schema), so an operation added later gets them too. An
object outside the caller's scope answers the same 404 as a missing one.

The reference is at /api/v1/docs (Swagger UI) and the schema at /api/v1/openapi.json. Both are open
without login, as the schema always was: they describe the operations, never data, and every operation
itself needs credentials. The page works offline: with "ninja" in INSTALLED_APPS ninja renders it from
its own static files (served by whitenoise) instead of a CDN, its one inline script is JSON data that the
CSP lets be, and the online validator badge is off (validatorUrl None) — tests/test_api_docs.py.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from zhenxing.governance.api import router as governance_router
from zhenxing.homestead.api import router as homestead_router
from zhenxing.mechanisms.api import router as mechanisms_router
from zhenxing.orgs.api import router as orgs_router
from zhenxing.orgs.api_auth import SessionOrToken
from zhenxing.orgs.audit_api import router as audit_router
from zhenxing.orgs.schemas import ErrorOut
from zhenxing.orgs.search_api import router as search_router
from zhenxing.people.api import router as people_router
from zhenxing.points.api import router as points_router
from zhenxing.stats.api import router as stats_router
from zhenxing.workspace.api import router as workspace_router


class StrictParser(Parser):
    """A parameter sent twice is refused unless the operation declares it a list: ninja would quietly keep
    one of the values, and the client would not know which. A text holding a NUL character is refused
    where it stands: PostgreSQL cannot store or even compare one (the address itself is checked by
    core.middleware.RequestLimitsMiddleware)."""

    def parse_querydict(self, data, list_fields, request):
        place = "query" if data is request.GET else "form"
        repeated = [k for k in data.keys() if k not in list_fields and len(data.getlist(k)) > 1]
        if repeated:
            raise ValidationError([{"loc": (place, k), "type": "repeated"} for k in repeated])
        nul = [(place, k) for k, values in data.lists() if "\0" in k or any("\0" in v for v in values)]
        if nul:
            raise ValidationError([{"loc": loc, "type": "nul_character"} for loc in nul])
        return super().parse_querydict(data, list_fields, request)

    def parse_body(self, request):
        # ninja answers any exception raised here with a 400; http_error below answers this one as a 422.
        data = super().parse_body(request)
        nul = list(_nul_places(data, ("body",)))
        if nul:
            raise ValidationError([{"loc": loc, "type": "nul_character"} for loc in nul])
        return data


def _nul_places(value, loc: tuple):
    if isinstance(value, str):
        if "\0" in value:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from ([(*loc, key)] if "\0" in key else _nul_places(item, (*loc, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nul_places(item, (*loc, i))


# What any operation can answer besides its own success: the middleware and the handlers below give these
# whatever the operation is. 413 only where a body is sent.
ERROR_RESPONSES = {
    400: "请求有误：请求体不是有效的 JSON，网址含有空字符（%00），或请求头 Content-Length 不是数字",
    401: "未认证：未登录，或令牌无效、已停用（响应头 WWW-Authenticate: Bearer）",
    403: "拒绝：账号须先启用双重认证或修改过期密码，或以登录会话调用写操作时未带 CSRF 令牌",
    404: "未找到：对象不存在，或不在您的权限范围内",
    413: "上传内容过大",
    414: "网址过长",
    422: "请求有误：参数或内容不合要求，或业务规则不允许；errors 按字段列出每条原因（__all__ 为整体）",
}


REF_TEMPLATE = "#/components/schemas/{model}"


class ZhenxingAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template=REF_TEMPLATE))
        error = {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model="ErrorOut")}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for code, text in ERROR_RESPONSES.items():
                    if code == 413 and "requestBody" not in operation:
                        continue
                    responses.setdefault(code, {"description": text, "content": error})
                if 401 in responses:
                    responses[401].setdefault("headers", {"WWW-Authenticate": {
                        "description": "Bearer", "schema": {"type": "string"}}})
                operation["responses"] = dict(sorted(responses.items(), key=lambda item: str(item[0])))
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        """`zhenxing_<app>_api_<function>`: the app and the function name, not the file the endpoint lives in,
        so that moving an endpoint into one of its app's module packages does not rename it for clients built
        from the schema (tests/test_api_schema.py holds the ids unique)."""
        app = operation.view_func.__module__.split(".")[1]
        return f"zhenxing_{app}_api_{operation.view_func.__name__}"


class ReadableJSON(JSONRenderer):
    """Chinese as itself, not as \\uXXXX escapes: a third of the size, and readable in a log or a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = ZhenxingAPI(
    title="振兴 API",
    version="1",
    description="党建引领乡村振兴平台接口。认证：登录会话（写操作需 CSRF 令牌）或请求头 "
                "`Authorization: Bearer <令牌>`（令牌用 `zhenxing token 用户名` 签发）。"
                "列表分页：`?page=N&page_size=M`（M 最大 200），或游标 `?cursor=start` 再传返回的 "
                "`next_cursor`；返回 {count, page, page_size, next_cursor, items}。"
                "台账的 `…/export?format=csv|ndjson` 逐行输出全部符合条件的记录。"
                "输入有误返回 422：`detail` 列出全部原因，`errors` 按字段。"
                "新建和扣减类写操作可带请求头 `Idempotency-Key`，重发时返回第一次的结果。"
                "身份证号和电话只给脱敏值，完整值须经 reveal 接口查看并留痕。",
    auth=SessionOrToken(),
    urls_namespace="api",
    docs_url="/docs",
    docs=Swagger(settings={"validatorUrl": None}),
    parser=StrictParser(),
    renderer=ReadableJSON(),
)
api.add_router("/org-units", orgs_router)
api.add_router("/", people_router)
api.add_router("/homestead", homestead_router)
api.add_router("/", governance_router)
api.add_router("/points", points_router)
api.add_router("/", mechanisms_router)
api.add_router("/", stats_router)
api.add_router("/audit", audit_router)
api.add_router("/search", search_router)
api.add_router("/", workspace_router)

NOT_FOUND = "未找到：对象不存在，或不在您的权限范围内"
UNAUTHENTICATED = ("未认证：请先登录，或在请求头中提供 Authorization: Bearer <令牌>"
                   "（令牌无效或已停用也会如此）")
PLACES = {"query": "查询参数", "path": "路径参数", "body": "请求体", "header": "请求头", "cookie": "Cookie"}
PROBLEMS = {
    "missing": "不能为空",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "literal_error": "取值应为 {expected} 之一",
    "string_type": "应为字符串",
    "repeated": "只能给一个值",
    "nul_character": "不能含有空字符（\\0）",
    "bool_parsing": "应为 true 或 false",
    "float_parsing": "应为数字",
    "json_invalid": "不是有效的 JSON",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "finite_number": "应为有限的数字",
    "decimal_max_places": "最多 {decimal_places} 位小数",
    "decimal_max_digits": "最多 {max_digits} 位数字",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "float_type": "应为数字",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "list_type": "应为数组",
    "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}",
    "string_too_long": "最多 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "enum": "取值应为 {expected} 之一",
}
HTTP_MESSAGES = {
    # ninja raises its only 400 when the body does not parse
    400: "请求有误：请求体不是有效的 JSON（须为 UTF-8 编码）",
    403: "无权执行此操作", 405: "不支持此请求方法", 429: "请求过于频繁，请稍后再试",
}


def _problem(error: dict) -> str:
    loc = [str(p) for p in error.get("loc", ())]
    where = PLACES.get(loc[0], loc[0]) + " " + ".".join(loc[1:]) if loc else "请求"
    template = PROBLEMS.get(error.get("type", ""))
    what = template.format(**error.get("ctx", {})) if template else error.get("msg", "格式不正确")
    return f"{where}：{what}"


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(request, {"detail": UNAUTHENTICATED}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if isinstance(exc.__cause__, ValidationError):  # raised by StrictParser.parse_body
        return invalid_request(request, exc.__cause__)
    message = str(exc)
    if message.isascii():  # ninja's own messages are English
        message = HTTP_MESSAGES.get(exc.status_code, f"请求失败（{exc.status_code}）")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    problems = [_problem(e) for e in exc.errors]
    errors: dict[str, list[str]] = {}
    for error, text in zip(exc.errors, problems, strict=True):
        loc = [str(p) for p in error.get("loc", ())]
        # A body's fields by their own names (ninja puts the body parameter's name first), as a service's are.
        field = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        errors.setdefault(".".join(field) or "__all__", []).append(text.split("：", 1)[-1])
    detail = "请求参数有误：" + "；".join(problems)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def rejected_by_service(request, exc):
    """A service's or form's refusal: 422, every message in `detail` and each under its field in `errors`
    (`__all__` for the record as a whole), as the page shows them beside the fields."""
    errors = ({name: [m for e in items for m in e.messages] for name, items in exc.error_dict.items()}
              if hasattr(exc, "error_dict") else {"__all__": list(exc.messages)})
    return api.create_response(request, {"detail": "；".join(exc.messages), "errors": errors}, status=422)
