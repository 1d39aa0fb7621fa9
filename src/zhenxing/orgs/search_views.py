"""The search page (`/search/?q=`): the actor's matches grouped by kind, or one kind's page by page."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode

from zhenxing.orgs import search


def search_page(request):
    actor = request.actor
    if not search.can_search(actor):
        raise Http404
    text = request.GET.get("q", "")
    kinds = search.kinds_for(actor)
    context = {"q": text, "kinds": kinds, "error": "", "groups": [], "kind": None, "page": None}
    if "q" not in request.GET:  # the page itself, before a search: what can be found
        return render(request, "orgs/search.html", context)
    try:
        query = search.parse(text)
    except ValidationError as e:
        context["error"] = e.message_dict["q"][0]
        return render(request, "orgs/search.html", context)
    context["q"] = query.text
    kind = next((k for k in kinds if k.key == request.GET.get("kind")), None)
    if request.GET.get("kind") and kind is None:  # a kind the actor cannot search is not there for it
        raise Http404
    if kind is None:
        context["groups"] = search.search(actor, query)
        return render(request, "orgs/search.html", context)
    # One kind, page by page, up to the counting cap (a longer list belongs in the register's filters).
    matches = kind.find(actor, query)
    page = Paginator(matches[: search.COUNT_CAP], settings.PAGE_SIZE).get_page(request.GET.get("page"))
    capped = page.paginator.count == search.COUNT_CAP and matches[search.COUNT_CAP:].exists()
    context.update({
        "kind": kind, "page": page, "hits": [kind.hit(r) for r in page.object_list], "capped": capped,
        "query": urlencode({"q": query.text, "kind": kind.key}),
        "register_url": kind.register_url(actor, query) if kind.register_url else None,
    })
    return render(request, "orgs/search.html", context)
