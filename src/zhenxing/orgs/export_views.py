"""我的导出: the actor's own long exports (orgs.exports), followed with htmx until each is written, and the
download of a finished one, for its creator only (404 for anyone else) and audited."""

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhenxing.core import excel, jobs
from zhenxing.orgs import exports


def _context(request) -> dict:
    found = list(exports.my_exports(actor=request.actor))
    waiting = any(not j.finished for j in found)
    return {"jobs": found, "waiting": waiting,
            "no_worker": any(j.status == "pending" for j in found) and not jobs.workers_running()}


@require_GET
def index(request):
    return render(request, "orgs/exports/index.html", _context(request))


@require_GET
def status(request):
    return render(request, "orgs/exports/_list.html", _context(request))


@require_GET
def download(request, pk: int):
    job, handle = exports.open_download(actor=request.actor, pk=pk)
    stamp = timezone.localtime(job.finished_at or job.created_at)
    return FileResponse(handle, as_attachment=True, filename=f"{job.title}-{stamp:%Y%m%d-%H%M}.xlsx",
                        content_type=excel.XLSX)
