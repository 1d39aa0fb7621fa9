import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhenxing.core.paths import under, upper_bound
from zhenxing.orgs import codes
from zhenxing.orgs.models import OrgUnit
from zhenxing.testing import factories

segment = st.text(alphabet="0123456789GZ", min_size=1, max_size=6)


@given(st.lists(segment, min_size=1, max_size=4), st.lists(segment, min_size=1, max_size=5))
def test_range_is_exactly_the_prefix_in_byte_order(root_parts, other_parts):
    root = "".join(p + "/" for p in root_parts)
    other = "".join(p + "/" for p in other_parts)
    assert (root <= other < upper_bound(root)) == other.startswith(root)


def test_upper_bound_needs_a_path():
    with pytest.raises(ValueError):
        upper_bound("21/2101")


@pytest.mark.django_db
def test_under_selects_a_subtree_in_the_database(district):
    street = district["street_a"]
    found = set(OrgUnit.objects.filter(under(street.path)).values_list("code", flat=True))
    expected = {u.code for u in OrgUnit.objects.all() if u.path.startswith(street.path)}
    assert found == expected and "210113001000" in found and "210113002201" not in found
    # a unit whose code sorts right after the street's must stay outside
    factories.unit("210113010000", "后街道")
    assert "210113010000" not in set(
        OrgUnit.objects.filter(under(street.path)).values_list("code", flat=True)
    )
    assert codes.path_for("210113010000") > street.path
