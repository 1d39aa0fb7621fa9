"""Excel exports of the registers: answered in the request when short, a background job when long, so that
a restart of the web process loses no export (issue 11).

A page hands its rows to `answer`. Up to settings.EXPORT_INLINE_ROWS rows (one count query) the workbook is
the response, as it always was. Above, the request becomes an ExportJob holding the page's path, its query
string and the actor's grants, and the user is sent to 我的导出. The worker (core.jobs) rebuilds the rows by
calling the same view for the same user with the same query, the user's grants cut down to those it held when
it asked (it never sees more than the page would have shown then), the request marked so that `answer`
hands the rows back instead of answering. The rows go through core.excel into the data dir's exports/.

An export writes nothing but its own file, under a name fixed by the job, written whole under a temporary
name and then renamed: a worker lost half-way leaves no file that could be downloaded, and the task run
again writes it again. A failure leaves none. A done file is deleted once it expires, by the next export.
"""

import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.query import ModelIterable
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from zhenxing.core import audit, excel, jobs
from zhenxing.core.models import ExportJob
from zhenxing.orgs import access

log = logging.getLogger(__name__)
NOT_FILTERS = ("export", "page")  # what the page was asked for and which page it showed
SHOWN = 50
BATCH = 2000  # rows read by one query, written between two progress records (under a second of a worker)
PART_MAX_AGE = timedelta(days=1)  # a temporary file older than this was left by a killed worker


@dataclass(frozen=True)
class Offer:
    """What a page's export link says before it is clicked: how many rows the file will hold, whether it
    is written in the background (then found on 我的导出), whether the maximum cuts it."""

    rows: int
    background: bool
    capped: bool
    limit: int


def offer(count: int) -> Offer:
    """The export link of a page whose rows number `count` (the count the page shows anyway)."""
    rows = min(count, settings.EXPORT_MAX_ROWS)
    return Offer(rows=rows, background=rows > settings.EXPORT_INLINE_ROWS,
                 capped=count > settings.EXPORT_MAX_ROWS, limit=settings.EXPORT_MAX_ROWS)


class _Rows(Exception):  # noqa: N818  (not an error: how `answer` hands the rows to the replaying worker)
    def __init__(self, title, columns, queryset):
        super().__init__(title)
        self.title, self.columns, self.queryset = title, columns, queryset


def answer(request, *, title: str, columns, queryset):
    """The answer to a page's `?export=xlsx`: the workbook itself, or for a long one a job and a redirect
    to 我的导出. `columns` are objects with .header and .value(row)."""
    access.require(request.actor, access.EXPORT)
    if getattr(request, "zhenxing_export_replay", False):
        raise _Rows(title, columns, queryset)
    rows = min(queryset.count(), settings.EXPORT_MAX_ROWS)
    if rows <= settings.EXPORT_INLINE_ROWS:
        # Registers hold personal data: who took which rows out is audited, short exports included.
        audit.record(actor=request.actor.user, action="export.inline", object_type="orgs.export",
                     object_repr=title, scope_path=request.actor.paths(access.EXPORT)[0],
                     changes={"register": title, "page": request.path, "rows": rows,
                              "filters": sorted(k for k in request.GET if k not in NOT_FILTERS)})
        return excel.export(title, columns, queryset, settings.EXPORT_MAX_ROWS)
    job = request_export(actor=request.actor, title=title, page=request.path, query=request.GET, rows=rows)
    run_export.enqueue(job.pk)
    messages.info(request, f"“{title}”共 {rows:,} 行，已转为后台生成；生成后请在下表下载。")
    return redirect("exports:index")


def exports_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def _file_of(job_id: int) -> Path:
    return exports_dir() / f"export-{job_id}.xlsx"


# --- writes -------------------------------------------------------------------------------------------------

@transaction.atomic
def request_export(*, actor, title: str, page: str, query: QueryDict, rows: int) -> ExportJob:
    access.require(actor, access.EXPORT)
    filters = {key: query.getlist(key) for key in query if key not in NOT_FILTERS}
    job = ExportJob.objects.create(
        title=title[:200], page=page, filters=filters, grants=sorted([g.role, g.path] for g in actor.grants),
        scope_path=actor.paths(access.EXPORT)[0], created_by=actor.user, row_count=rows)
    # The filter values stay out of the audit trail: a search may be an ID number.
    audit.record(actor=actor.user, action="export.request", obj=job,
                 changes={"register": title, "page": page, "rows": rows, "filters": sorted(filters)})
    return job


@jobs.task()
def run_export(job_id: int) -> None:
    execute(job_id)


@jobs.on_abandoned(run_export)
def _lost(job_id: int) -> None:
    _fail(job_id, f"{jobs.LOST}（已重试 {jobs.MAX_ATTEMPTS} 次），未生成文件；请回到台账重新导出。")


def _fail(job_id: int, message: str) -> None:
    target = _file_of(job_id)
    target.unlink(missing_ok=True)
    target.with_name(target.name + ".part").unlink(missing_ok=True)
    ExportJob.objects.filter(pk=job_id).update(status="failed", message=message, file_path="",
                                               finished_at=timezone.now())


def execute(job_id: int) -> None:
    """Write one job's file and record the outcome on its row; also delete the expired files."""
    purge_expired()
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return  # already written by an attempt whose worker was lost before the queue heard of it
    ExportJob.objects.filter(pk=job_id).update(status="running", written_rows=0)
    target = _file_of(job.pk)
    part = target.with_name(target.name + ".part")
    try:
        title, columns, queryset = _replay(job)
        written = 0

        def rows():
            nonlocal written
            for batch in batches(queryset, settings.EXPORT_MAX_ROWS):
                yield from ([c.value(obj) for c in columns] for obj in batch)
                written += len(batch)
                record_progress(job.pk, written)  # after the last: what remains is saving the file

        content = excel.workbook_bytes(title, [c.header for c in columns], rows(), excel.kinds_of(columns))
        target.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(content)
        os.replace(part, target)
    except Http404:
        _fail(job.pk, "您已无权导出这些数据（角色或管辖范围已变更），未生成文件。")
    except Exception:  # the trace (library text, paths) stays in the log
        log.exception("export job %s failed", job_id)
        _fail(job.pk, f"生成文件时出现意外错误，未生成文件。请联系管理员（导出编号 {job.pk}）。")
    else:
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            status="done", row_count=written, written_rows=written, file_path=str(target), finished_at=now,
            message="",
            expires_at=now + timedelta(days=settings.EXPORT_KEEP_DAYS))
    finally:
        part.unlink(missing_ok=True)


def batches(queryset, limit: int):
    """The first `limit` rows of `queryset`, in its order, as lists of at most BATCH rows, each read by a
    query of its own: between two batches no read is open, so the worker can record its progress. (On
    SQLite a write made while a long read is open fails, "database is locked", as soon as another
    connection — a web request, the worker's heartbeat — has written since the read began.) Records are
    read by their keys, listed first in the page's order; rows that are not records by a page of offsets."""
    if queryset._iterable_class is not ModelIterable:  # a values() queryset: no keys to read by
        for start in range(0, limit, BATCH):
            rows = list(queryset[start:min(start + BATCH, limit)])
            if not rows:
                return
            yield rows
        return
    keys = list(queryset.values_list("pk", flat=True)[:limit])
    for start in range(0, len(keys), BATCH):
        part = keys[start:start + BATCH]
        found = queryset.order_by().in_bulk(part)
        yield [found[k] for k in part if k in found]  # one deleted since the keys were read is left out


def record_progress(job_id: int, written: int) -> None:
    """The rows written so far, for 我的导出: committed at once, seen by the page while the worker goes on."""
    ExportJob.objects.filter(pk=job_id, status="running").update(written_rows=written)


def _replay(job: ExportJob):
    """(title, columns, queryset) of the job's page, built by its own view for its user."""
    user = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    if user is None:
        raise Http404
    held = {tuple(g) for g in job.grants}
    actor = access.Actor(user, [g for g in access.actor_for(user).grants if (g.role, g.path) in held])
    user._zhenxing_actor = actor  # so that a view asking access.actor_for gets the same cut-down grants
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.page
    request.META = {"REQUEST_METHOD": "GET", "SERVER_NAME": "worker", "SERVER_PORT": "80"}
    request.GET = QueryDict(mutable=True)
    for key, values in job.filters.items():
        request.GET.setlist(key, values)
    request.GET["export"] = "xlsx"
    request.user, request.actor, request.zhenxing_export_replay = user, actor, True
    try:
        match = resolve(job.page)
    except Resolver404:
        raise Http404 from None
    request.resolver_match = match
    try:
        match.func(request, *match.args, **match.kwargs)
    except _Rows as found:
        return found.title, found.columns, found.queryset
    raise Http404  # the page no longer exports these rows


def purge_expired(*, now=None) -> int:
    """Delete the files of expired exports (and temporary files a killed worker left); returns how many."""
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(status="done", expires_at__lt=now):
        _file_of(job.pk).unlink(missing_ok=True)
        purged += ExportJob.objects.filter(pk=job.pk, status="done").update(status="expired", file_path="")
    if exports_dir().is_dir():
        for part in exports_dir().glob("*.part"):
            if part.stat().st_mtime < (now - PART_MAX_AGE).timestamp():
                part.unlink(missing_ok=True)
    return purged


# --- reads --------------------------------------------------------------------------------------------------

def my_exports(*, actor):
    """The actor's own export jobs, newest first: nobody sees another's."""
    access.require(actor, access.EXPORT)
    return ExportJob.objects.filter(created_by=actor.user)[:SHOWN]


def my_export(*, actor, pk: int) -> ExportJob:
    access.require(actor, access.EXPORT)
    job = ExportJob.objects.filter(created_by=actor.user, pk=pk).first()
    if job is None:
        raise Http404
    return job


def open_download(*, actor, pk: int):
    """(job, open file) of the actor's own finished export, audited; 404 for anything else."""
    job = my_export(actor=actor, pk=pk)
    target = _file_of(job.pk)
    if not job.downloadable or not target.is_file():
        raise Http404
    audit.record(actor=actor.user, action="export.download", obj=job,
                 changes={"register": job.title, "rows": job.row_count})
    return job, open(target, "rb")  # noqa: SIM115  (FileResponse closes it)
