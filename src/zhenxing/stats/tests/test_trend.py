"""A trend series: the caller's periods in order, each value given or read by a callable, for a unit the
actor's dashboard reaches; its chart is a line."""

import pytest
from django.http import Http404

from zhenxing.core.indicators import registry
from zhenxing.orgs import access
from zhenxing.stats import trend
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
HOUSEHOLDS = registry.get("people.households")


def test_points_are_read_in_order_and_drawn_as_a_line(district):
    actor = access.actor_for(factories.user("street_admin", district["street_a"]))
    asked = []
    points = [("2023", 3), ("2023Q3", lambda: asked.append("Q3") or 4), ("2023-07", 5)]

    series = trend.series(actor=actor, unit=district["street_a"], indicator=HOUSEHOLDS, points=points)

    assert series.labels == ("2023", "2023Q3", "2023-07") and series.values == (3, 4, 5) and asked == ["Q3"]
    chart = series.chart()
    assert chart.kind == "line" and chart.title == "马刚街道 · 户数变化" and chart.unit == "户"
    assert chart.figure["data"][0]["y"] == [3.0, 4.0, 5.0]


def test_a_unit_outside_the_actors_dashboard_is_refused(district):
    actor = access.actor_for(factories.user("street_admin", district["street_a"]))
    with pytest.raises(Http404):
        trend.series(actor=actor, unit=district["street_b"], indicator=HOUSEHOLDS, points=[("2023", 1)])
