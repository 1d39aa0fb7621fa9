"""The JSON API under /api/v1/: session or bearer-token auth, same scoping as the pages.

Every error answers {"detail": "..."} in Chinese. An object outside the caller's scope answers the same
404 as a missing one. There is no interactive docs page: ninja's Swagger page loads its scripts from a
CDN unless "ninja" is in INSTALLED_APPS, and the platform must work offline; the schema itself is at
/api/v1/openapi.json.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from zhenxing.governance.api import router as governance_router
from zhenxing.homestead.api import router as homestead_router
from zhenxing.orgs.api import router as orgs_router
from zhenxing.orgs.api_auth import SessionOrToken
from zhenxing.orgs.audit_api import router as audit_router
from zhenxing.people.api import router as people_router
from zhenxing.stats.api import router as stats_router


class StrictParser(Parser):
    """A parameter sent twice is refused unless the operation declares it a list: ninja would quietly keep
    one of the values, and the client would not know which."""

    def parse_querydict(self, data, list_fields, request):
        place = "query" if data is request.GET else "form"
        repeated = [k for k in data.keys() if k not in list_fields and len(data.getlist(k)) > 1]
        if repeated:
            raise ValidationError([{"loc": (place, k), "type": "repeated"} for k in repeated])
        return super().parse_querydict(data, list_fields, request)


class ZhenxingAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`zhenxing_<app>_api_<function>`: the app and the function name, not the file the endpoint lives in,
        so that moving an endpoint into one of its app's module packages does not rename it for clients built
        from the schema (tests/test_api_schema.py holds the ids unique)."""
        app = operation.view_func.__module__.split(".")[1]
        return f"zhenxing_{app}_api_{operation.view_func.__name__}"


api = ZhenxingAPI(
    title="振兴 API",
    version="1",
    description="党建引领乡村振兴平台接口。认证：登录会话（写操作需 CSRF 令牌）或请求头 "
                "`Authorization: Bearer <令牌>`（令牌用 `zhenxing token 用户名` 签发）。"
                "列表分页：`?page=N&page_size=M`（M 最大 200），返回 {count, page, page_size, items}。"
                "身份证号和电话只给脱敏值，完整值须经 reveal 接口查看并留痕。",
    auth=SessionOrToken(),
    urls_namespace="api",
    docs_url=None,
    parser=StrictParser(),
)
api.add_router("/org-units", orgs_router)
api.add_router("/", people_router)
api.add_router("/homestead", homestead_router)
api.add_router("/", governance_router)
api.add_router("/", stats_router)
api.add_router("/audit", audit_router)

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
    "bool_parsing": "应为 true 或 false",
    "float_parsing": "应为数字",
    "json_invalid": "不是有效的 JSON",
}
HTTP_MESSAGES = {
    400: "请求有误", 403: "无权执行此操作", 405: "不支持此请求方法", 429: "请求过于频繁，请稍后再试",
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
        errors.setdefault(".".join(loc[1:]) or "__all__", []).append(text.split("：", 1)[-1])
    detail = "请求参数有误：" + "；".join(problems)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def rejected_by_service(request, exc):
    """A service's or form's refusal: 422, every message in `detail` and each under its field in `errors`
    (`__all__` for the record as a whole), as the page shows them beside the fields."""
    errors = ({name: [m for e in items for m in e.messages] for name, items in exc.error_dict.items()}
              if hasattr(exc, "error_dict") else {"__all__": list(exc.messages)})
    return api.create_response(request, {"detail": "；".join(exc.messages), "errors": errors}, status=422)
