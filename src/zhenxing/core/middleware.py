from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from zhenxing.core.audit import current_ip


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    """Make the client IP available to audit records written during this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class SecurityHeadersMiddleware:
    """A strict CSP: every script and style is served from our own static files."""

    CSP = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.CSP)
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        return response


class RequestLimitsMiddleware:
    """An over-long address (414), an over-large body (413) or a NUL in the address (400) is answered in
    Chinese before anything reads it; the front server's own limits (gunicorn's request line) are set
    above these, so ours speak first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        url_chars = len(request.get_full_path())
        if url_chars > settings.MAX_URL_CHARS:
            return _refuse(request, 414, "网址过长",
                           f"网址长度 {url_chars} 个字符，超过上限 {settings.MAX_URL_CHARS}；"
                           "请减少查询条件，或改用表单提交。")
        if "\0" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            # PostgreSQL cannot store or compare a NUL; refused before a view filters by it.
            return _refuse(request, 400, "请求有误", "网址含有空字符（%00），请检查链接。")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, "请求有误", "请求头 Content-Length 不是数字。")
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return _refuse(request, 413, "上传内容过大",
                           f"本次提交 {length / 1024 / 1024:.1f} MB，超过上限 {limit} MB；"
                           "请压缩或拆分后分批上传。")
        return self.get_response(request)


def _refuse(request, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": f"{title}：{message}"}, status=status)
    html = render_to_string("400.html", {"title": title, "message": message})
    return HttpResponse(html, status=status)
