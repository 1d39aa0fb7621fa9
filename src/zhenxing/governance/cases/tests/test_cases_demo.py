"""The demo's 吹哨报到 loader: a catalogue over the departments, cases since 2021 with their steps,
most resolved, the history consistent with each case's state."""

import pytest
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.demo import governance_cases, history
from zhenxing.demo.names import DEPARTMENTS
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_catalogue_and_cases_since_2021(district):
    for name in DEPARTMENTS:
        factories.department(district["county"], name)
    counts = governance_cases.load(seed=1, county=district["county"], scale=0.1)
    assert counts["dispatch_categories"] == DispatchCategory.objects.count() >= 20
    planned = history.counts(governance_cases.REFERENCE, timezone.localdate(), 0.1,
                             minimum=governance_cases.MINIMUM)
    assert counts["cases"] == Case.objects.count() == sum(planned.values())
    assert counts["cases_resolved"] >= 0.95 * counts["cases"]
    case = Case.objects.filter(state="closed").first()
    steps = list(workflow.history(case))
    assert [s.transition for s in steps] == ["whistle", "dispatch", "accept", "resolve", "feedback", "close"]
    assert steps[-1].to_state == case.state and case.satisfaction and case.lead_department
    assert case.feedback and case.feedback_method
    assert steps[3].created_at < case.fed_back_at < steps[-1].created_at
    assert steps[4].data == {"feedback_method": case.feedback_method, "feedback": case.feedback}
    for waiting in Case.objects.exclude(state__in=("closed", "village_closed")):  # the last days' cases
        last = workflow.history(waiting).last()
        assert waiting.state == (last.to_state if last else "reported") and waiting.due_at
        assert waiting.fed_back_at if waiting.state == "fed_back" else not waiting.satisfaction
    assert not Case.objects.filter(state="closed", fed_back_at__isnull=True).exists()
    assert Case.objects.filter(state="closed", accepted_on_time=False).exists()
    assert Case.objects.values("code").distinct().count() == counts["cases"]
