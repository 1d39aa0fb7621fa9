"""The demo's 吹哨报到 loader: a catalogue over the departments, a year of cases with their steps,
most resolved, the history consistent with each case's state."""

import pytest

from zhenxing.core import workflow
from zhenxing.demo import governance_cases
from zhenxing.demo.names import DEPARTMENTS
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_catalogue_and_a_year_of_cases(district):
    for name in DEPARTMENTS:
        factories.department(district["county"], name)
    counts = governance_cases.load(seed=1, county=district["county"], scale=0.1)
    assert counts["dispatch_categories"] == DispatchCategory.objects.count() >= 20
    assert counts["cases"] == Case.objects.count() == 200
    assert counts["cases_resolved"] >= 0.75 * counts["cases"]
    case = Case.objects.filter(state="closed").first()
    steps = list(workflow.history(case))
    assert [s.transition for s in steps] == ["whistle", "dispatch", "accept", "resolve", "feedback", "close"]
    assert steps[-1].to_state == case.state and case.satisfaction and case.lead_department
    assert case.feedback and case.feedback_method
    assert steps[3].created_at < case.fed_back_at < steps[-1].created_at
    assert steps[4].data == {"feedback_method": case.feedback_method, "feedback": case.feedback}
    waiting = Case.objects.filter(state="fed_back").first()
    assert waiting is not None and waiting.fed_back_at
    assert workflow.history(waiting).last().transition == "feedback"
    assert not Case.objects.filter(state="closed", fed_back_at__isnull=True).exists()
    assert Case.objects.filter(state="closed", accepted_on_time=False).exists()
    assert Case.objects.values("code").distinct().count() == 200
