import time
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect

from zhenxing.core import usersessions
from zhenxing.orgs import signin
from zhenxing.orgs.access import actor_for

OPEN_PREFIXES = ("/login/", "/static/", "/api/", "/healthz")
# Reachable while a gate is open (enrol a second factor, change an expired password).
GATE_OPEN = ("/logout/", "/static/", "/login/", "/healthz")


def _to_login(request, reason: str = ""):
    url = f"/login/?next={quote(request.get_full_path())}"
    return redirect(f"{url}&reason={reason}" if reason else url)


class LoginRequiredMiddleware:
    """Every page needs a signed-in user; the API answers 401 itself. Attaches `request.actor`.

    Also ends idle sessions (ZHENXING_IDLE_MINUTES), tells a browser whose session was ended elsewhere why,
    and keeps an account behind its open gate (orgs.signin) until it has passed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = self._idle(request) if request.user.is_authenticated else ""
        request.actor = actor_for(request.user)
        is_api = request.path.startswith("/api/")
        if not request.user.is_authenticated:
            if request.path.startswith(OPEN_PREFIXES):
                return self.get_response(request)
            cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            return _to_login(request, reason or usersessions.ended_reason(cookie))
        gate = signin.open_gate(request)
        if gate and not request.path.startswith((gate[0], *GATE_OPEN)):
            if is_api:
                return JsonResponse({"detail": gate[1]}, status=403)
            return redirect(gate[0])
        return self.get_response(request)

    def _idle(self, request) -> str:
        minutes = settings.ZHENXING_IDLE_MINUTES
        now = int(time.time())
        seen = request.session.get(signin.SEEN)
        if minutes > 0 and seen is not None and now - seen > minutes * 60:
            usersessions.end_by_key(request.session.session_key, "idle")
            logout(request)
            return "idle"
        request.session[signin.SEEN] = now
        return ""
