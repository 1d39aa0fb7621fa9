"""Registers (台账) declared once: the selector that scopes the rows, the filters, the columns. From one
declaration come the page (filters, pages of rows), its Excel export (orgs.exports: in the request, or a
background job when long) and the API's list, detail and data-exchange stream (orgs.register_api).

A module declares `VIOLATIONS = Register(...)` in its `registers.py`; its view is `VIOLATIONS.page(request,
links=...)` and its `api.py` calls `register_api.add_register(router, VIOLATIONS)`."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from zhenxing.core.indicators import Column
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.exports import answer as answer_export
from zhenxing.orgs.exports import offer as export_offer


@dataclass(frozen=True)
class Filter:
    """One input of a register's filter form; `name` is a field of the register's filter dataclass."""

    name: str
    label: str
    kind: str = "text"  # text | village (a unit code, offered as the actor's villages) | select
    choices: tuple | Callable = ()  # (value, label) pairs of a select, or actor -> them (the years it has)

    def options(self, actor) -> list | None:
        return list(self.choices(actor) if callable(self.choices) else self.choices) or None


@dataclass(frozen=True)
class Register:
    name: str  # the API path segment: /api/v1/<app>/<name>
    title: str  # the page's and the export's title: "违法违规台账"
    item: str  # one record, for the API's summaries: "违法违规案件"
    rows: Callable  # selector(actor=, filters=) -> the scoped, ordered QuerySet
    filter_class: type  # a dataclass whose fields are the filters' names
    filters: tuple[Filter, ...]
    columns: tuple[Column, ...]  # each with `key` (and `kind` when not text)
    url_of: Callable  # record -> its page
    one: Callable | None = None  # selector(actor=, pk=) -> one record, 404 outside scope (API detail)
    workflow: object | None = None  # core.workflow.Workflow: the detail shows state, steps and history
    workflow_roles: Callable | None = None  # (actor, record) -> roles the workflow knows the actor by
    description: str = ""  # who sees which rows, for the API's reference
    exports: tuple[str, ...] = ("xlsx",)  # formats the page offers (an app serves any besides xlsx)
    tags: tuple[str, ...] = field(default=())

    def __post_init__(self):
        names = {f.name for f in dataclasses.fields(self.filter_class)}
        unknown = [f.name for f in self.filters if f.name not in names]
        keyless = [c.header for c in self.columns if not c.key]
        if unknown or keyless:
            raise ValueError(f"register {self.name}: filters {unknown} not in its filter class, "
                             f"columns without key {keyless}")

    def parse(self, query):
        return query_filter(self.filter_class, query)

    def queryset(self, actor, query):
        return self.rows(actor=actor, filters=self.parse(query))

    def page(self, request, *, links=(), title: str = ""):
        """The register's page for this request (also its `?export=xlsx`)."""
        f = self.parse(request.GET)
        shown = [(x.name, x.label, x.kind, x.options(request.actor), getattr(f, x.name))
                 for x in self.filters]
        return register_page(request, title=title or self.title, queryset=self.rows(actor=request.actor,
                             filters=f), columns=self.columns, url_of=self.url_of, filters=shown,
                             exports=self.exports, links=links)


def register_page(request, *, title, queryset, columns, url_of, filters, exports=("xlsx",), links=()):
    """`exports`: the formats offered (the calling app serves any besides xlsx itself);
    `links`: (url, label) pairs shown above the filters."""
    if request.GET.get("export") == "xlsx":
        return answer_export(request, title=title, columns=columns, queryset=queryset)
    page = Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = [(url_of(obj), [c.cell(obj) for c in columns]) for obj in page.object_list]
    # A register with an "overdue" column (key) shows those rows red, as its deadline pages do.
    flag = next((i for i, c in enumerate(columns) if getattr(c, "key", "") == "overdue"), None)
    overdue_rows = {n for n, (_, cells) in enumerate(rows) if flag is not None and cells[flag][1]}
    villages = org_selectors.village_choices(actor=request.actor)
    if villages == []:  # a grid worker's scope holds no whole village: the filter would only offer 全部
        filters = [f for f in filters if f[2] != "village"]
    context = {
        "title": title,
        "page": page,
        "rows": rows,
        "overdue_rows": overdue_rows,
        "headers": [c.header for c in columns],
        "filters": filters,
        "query": params.urlencode(),
        "can_export": request.actor.can(access.EXPORT),
        "export_offer": export_offer(page.paginator.count),  # the rows, said on the link before a click
        "villages": villages,
        "exports": exports,
        "links": links,
    }
    return render(request, "orgs/register.html", context)


def query_filter(cls, query):
    """A register's filter dataclass filled from the query string, field by field (a missing one keeps
    its default), so a filter's fields are the names of the page's inputs."""
    return cls(**{f.name: query.get(f.name, f.default) for f in dataclasses.fields(cls)})
