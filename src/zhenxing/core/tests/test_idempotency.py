"""A retried write with the same Idempotency-Key gets the first answer; a reused key on another request, a
malformed key and a refused first try are told apart."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from zhenxing.core import idempotency
from zhenxing.core.models import IdempotentRequest
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def _request(user, body=b'{"a": 1}', key="retry-0001"):
    request = RequestFactory().post("/api/v1/x", body, content_type="application/json",
                                    headers={"Idempotency-Key": key} if key else {})
    request.user = user
    return request


def test_a_retry_gets_the_first_answer_and_runs_nothing(district):
    user = factories.user("village_secretary", district["village_a1"])
    runs = []

    def run():
        runs.append(1)
        return 201, {"id": len(runs)}

    assert idempotency.once(_request(user), run) == (201, {"id": 1})
    assert idempotency.once(_request(user), run) == (201, {"id": 1})
    assert len(runs) == 1
    other = factories.user("village_secretary", district["village_a1"])
    assert idempotency.once(_request(other), run) == (201, {"id": 2})  # keys are each user's own


def test_a_key_used_for_another_request_is_refused(district):
    user = factories.user("village_secretary", district["village_a1"])
    idempotency.once(_request(user), lambda: (201, {"id": 1}))
    with pytest.raises(ValidationError) as refused:
        idempotency.once(_request(user, body=b'{"a": 2}'), lambda: (201, {"id": 2}))
    assert "已用于另一个请求" in str(refused.value)


def test_a_malformed_key_is_refused_and_no_key_runs_every_time(district):
    user = factories.user("village_secretary", district["village_a1"])
    with pytest.raises(ValidationError):
        idempotency.once(_request(user, key="短"), lambda: (201, {}))
    runs = []
    for _ in range(2):
        idempotency.once(_request(user, key=""), lambda: (runs.append(1), (201, {}))[1])
    assert len(runs) == 2 and not IdempotentRequest.objects.exists()


def test_a_refused_first_try_leaves_the_key_free(district):
    user = factories.user("village_secretary", district["village_a1"])

    def refuse():
        raise ValidationError({"x": "错"})

    with pytest.raises(ValidationError):
        idempotency.once(_request(user), refuse)
    assert idempotency.once(_request(user), lambda: (201, {"id": 9})) == (201, {"id": 9})


def test_a_key_is_kept_seven_days(district):
    user = factories.user("village_secretary", district["village_a1"])
    idempotency.once(_request(user), lambda: (201, {"id": 1}))
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(days=idempotency.KEEP_DAYS + 1))
    assert idempotency.once(_request(user), lambda: (201, {"id": 2})) == (201, {"id": 2})
    assert IdempotentRequest.objects.count() == 1
