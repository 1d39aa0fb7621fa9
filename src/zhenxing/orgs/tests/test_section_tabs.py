"""The tabs above a section's pages mark one tab: the page's own, not also one whose URL is a prefix."""

import pytest
from django.urls import reverse

from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_only_the_pages_own_tab_is_current(client, district):
    client.force_login(factories.user("district_admin", district["county"]))
    response = client.get(reverse("homestead:parcels"))
    current = [label for _url, label, now in response.context["section_tabs"] if now]
    assert current == ["基础信息"]
