"""The register page every app's lists share: filters, pages of rows, and an Excel export of the same
filtered rows (orgs.exports: in the request, or a background job when long), all scoped by the queryset the
app's selector built for the actor."""

import dataclasses

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.exports import answer as answer_export


def register_page(request, *, title, queryset, columns, url_of, filters, exports=("xlsx",), links=()):
    """`exports`: the formats offered (the calling app serves any besides xlsx itself);
    `links`: (url, label) pairs shown above the filters."""
    if request.GET.get("export") == "xlsx":
        return answer_export(request, title=title, columns=columns, queryset=queryset)
    page = Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = [(url_of(obj), [(c.header, c.value(obj)) for c in columns]) for obj in page.object_list]
    villages = org_selectors.village_choices(actor=request.actor)
    if villages == []:  # a grid worker's scope holds no whole village: the filter would only offer 全部
        filters = [f for f in filters if f[2] != "village"]
    context = {
        "title": title,
        "page": page,
        "rows": rows,
        "headers": [c.header for c in columns],
        "filters": filters,
        "query": params.urlencode(),
        "can_export": request.actor.can(access.EXPORT),
        "villages": villages,
        "exports": exports,
        "links": links,
    }
    return render(request, "orgs/register.html", context)


def query_filter(cls, query):
    """A register's filter dataclass filled from the query string, field by field (a missing one keeps
    its default), so a filter's fields are the names of the page's inputs."""
    return cls(**{f.name: query.get(f.name, f.default) for f in dataclasses.fields(cls)})
