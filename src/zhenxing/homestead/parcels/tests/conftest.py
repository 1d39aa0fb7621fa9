"""Fixtures of the parcel import tests: villages with boundaries side by side, and a street admin."""

import pytest

from zhenxing.testing import factories


@pytest.fixture
def villages(district):
    """Village A1 is the square 123.50–123.52 E, 42.00–42.02 N; A2 east of it, B1 east of A2."""
    factories.square_boundary(district["village_a1"], 123.50, 42.0, 0.02)
    factories.square_boundary(district["village_a2"], 123.52, 42.0, 0.02)
    factories.square_boundary(district["village_b1"], 123.54, 42.0, 0.02)
    return district


@pytest.fixture
def admin(villages):
    return factories.user("street_admin", villages["street_a"])
