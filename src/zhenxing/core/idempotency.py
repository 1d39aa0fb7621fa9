"""Retried writes: a client that lost the answer to a write (a phone on a weak village signal) sends it again
with the same `Idempotency-Key` header and gets the first answer back, not a second case or a second spend —
the meaning the shop's request key has for a redemption, for every write that creates or spends.

The key is claimed in the same transaction as the write: a second request with the key waits on the unique
row until the first commits (PostgreSQL) or for the write lock (SQLite), then reads its answer. A refused
write (422) rolls the claim back with it, so the key can be used again once the input is corrected. Keys are
kept `KEEP_DAYS` days."""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.core.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY = re.compile(r"[A-Za-z0-9_.:-]{8,64}")
KEEP_DAYS = 7
HELP = (f"可选请求头 {HEADER}（8–64 位字母、数字或 _ . : -）：同一用户以同一键重发同一请求，"
        f"返回第一次的结果，不会重复建立或扣减；键保留 {KEEP_DAYS} 天，用于不同请求返回 422。")


def fingerprint(request) -> str:
    """The request's method, path and content; for an upload its fields and its files' names and sizes (the
    raw body of a large upload is not read into memory)."""
    if request.content_type == "multipart/form-data":
        fields = sorted((k, v) for k in request.POST for v in request.POST.getlist(k))
        files = sorted((k, f.name, f.size) for k in request.FILES for f in request.FILES.getlist(k))
        content = repr((fields, files)).encode()
    else:
        content = request.body
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), content):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def once(request, run: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """(status, body) of `run()`, or of its first run when the request carries a key already answered."""
    key = request.headers.get(HEADER, "")
    if not key:
        return run()
    if not KEY.fullmatch(key):
        raise ValidationError({HEADER: f"{HEADER} 应为 8–64 位字母、数字或 _ . : -"})
    print_ = fingerprint(request)
    purge(user=request.user)  # the caller's own expired keys: cheap, and no job keeps the table small
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotentRequest.objects.create(user=request.user, key=key, fingerprint=print_,
                                                         status=0, body={}, created_at=timezone.now())
        except IntegrityError:
            claim = None
        if claim is not None:
            status, body = run()
            # Kept as JSON (dates, decimals as text): the first answer and a replay are then the same.
            body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
            claim.status, claim.body = status, body
            claim.save(update_fields=["status", "body"])
            return status, body
    first = IdempotentRequest.objects.get(user=request.user, key=key)
    if first.fingerprint != print_:
        raise ValidationError({HEADER: f"{HEADER}“{key}”已用于另一个请求，请换一个新键"})
    return first.status, first.body


def derived_key(user, key: str) -> str:
    """A service's own request key (the shop's request_key, at most 46 characters) for a user's
    Idempotency-Key: the same key of the same user gives the same request key, another user's never."""
    return "api-" + hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()[:40]


def purge(*, user=None, now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    expired = IdempotentRequest.objects.filter(created_at__lt=cutoff)
    return (expired.filter(user=user) if user is not None else expired).delete()[0]
