import hashlib
import secrets

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from zhenxing.core import audit
from zhenxing.orgs.access import actor_for
from zhenxing.orgs.models import ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user, name: str, by=None) -> str:
    """Create a token; only its hash is stored, so the caller must show it now."""
    token = "zx_" + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(token))
    audit.record(actor=by or user, action="api_token.issue", obj=record, object_repr=f"{user.get_username()} {name}")
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


class Session(APIKeyCookie):
    """Django session cookie; CSRF is checked for unsafe methods by ninja's cookie auth."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            request.actor = actor_for(request.user)
            return request.user
        return None


def SessionOrToken():
    return [BearerToken(), Session()]
