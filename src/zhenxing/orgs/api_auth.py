"""API authentication: bearer tokens for scripts, the login session for the browser.

Both set `request.actor`, so every API operation reads through the same scoped selectors as the pages.
"""

import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from zhenxing.core import audit
from zhenxing.orgs.access import actor_for
from zhenxing.orgs.models import ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user, name: str, by=None) -> str:
    """Create a token; only its hash is stored, so the caller must show it now."""
    token = "zx_" + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(token))
    audit.record(actor=by or user, action="api_token.issue", obj=record,
                 object_repr=f"{user.get_username()} {name}")
    return token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        record = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if record is None or not record.user.is_active:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        request.actor = actor_for(record.user)
        return record.user


CSRF_FAILED = "CSRF 校验失败：通过登录会话调用写操作时，须在请求头 X-CSRFToken 中附上 csrftoken Cookie 的值"


class Session(APIKeyCookie):
    """The Django login session. Unsafe methods need the CSRF token, because a browser sends the cookie
    on its own; a bearer token is never sent implicitly, so token calls need none.

    ninja's APIKeyCookie checks CSRF before it knows whether anyone is signed in, which would answer an
    anonymous POST with 403; here the check runs only for a signed-in session, so anonymous stays 401.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        key = request.COOKIES.get(self.param_name)
        if key is None or not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return key

    def authenticate(self, request, key):
        # ninja calls this even when _get_key found nothing, and AnonymousUser is truthy.
        if key is None or not request.user.is_authenticated:
            return None
        request.actor = actor_for(request.user)
        return request.user


def SessionOrToken():
    return [BearerToken(), Session()]
