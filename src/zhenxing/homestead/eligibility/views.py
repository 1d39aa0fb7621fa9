"""资格权 page: households with their parcels and flags, filterable by flag and exportable."""

from django.urls import reverse

from zhenxing.homestead.eligibility.registers import ELIGIBILITY


def eligibility(request):
    flag = ELIGIBILITY.parse(request.GET).flag
    links = [(reverse("homestead:parcels"), "宗地台账")]
    if flag:  # the same flag seen from the parcels: who uses this village's land
        links.append((f"{reverse('homestead:parcels')}?flag={flag}", "按此标记查看宗地"))
    return ELIGIBILITY.page(request, links=links)
