"""Import pages: templates to download, an upload form, and a job page that follows the import.

An upload becomes an ImportJob; the import runs as a background job (core.jobs: a queue table run by
`zhenxing worker`, so that a restart of the web process loses nothing) and the job page polls a fragment
with htmx until the job is finished. Jobs are scoped by their scope_path like everything else: outside
scope is 404.
"""

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhenxing.core import excel, importfiles, imports, jobs
from zhenxing.core.models import ImportJob
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

log = logging.getLogger(__name__)
SHOWN_ERRORS = 1000


def _roots(actor) -> list[OrgUnit]:
    """The units at the top of the actor's import scope; an import runs inside one of them."""
    paths = actor.paths(access.IMPORT)
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


def _scope_unit(request, roots: list[OrgUnit], code: str) -> OrgUnit:
    if not code:
        return roots[0]
    return access.get_scoped(OrgUnit.objects.all(), request.actor, access.IMPORT, code=code)


def _spec(kind: str) -> imports.ImportSpec:
    spec = imports.specs.get(kind)
    if spec is None:
        raise Http404
    return spec


def _jobs(actor):
    return access.scoped(ImportJob.objects.all(), actor, access.IMPORT, field="scope_path")


def index(request):
    access.require(request.actor, access.IMPORT)
    roots = _roots(request.actor)
    if not roots:
        raise Http404
    form_error = ""
    if request.method == "POST":
        form_error, job = _create_job(request, roots)
        if job is not None:
            _start(job)
            return redirect("imports:job", pk=job.pk)
    return render(request, "orgs/imports/index.html", {
        "specs": list(imports.specs.values()), "roots": roots, "form_error": form_error,
        "selected_kind": request.POST.get("kind", ""),
        "accept": ",".join(sorted({x for spec in imports.specs.values() for x in spec.suffixes})),
        "jobs": _jobs(request.actor).select_related("created_by")[:20],
    }, status=400 if form_error else 200)


def _create_job(request, roots) -> tuple[str, ImportJob | None]:
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    if kind not in imports.specs:
        return "请选择导入类型", None
    if upload is None:
        return "请选择要上传的文件", None
    suffix = Path(upload.name).suffix.lower()
    accepted = imports.specs[kind].suffixes
    if suffix not in accepted:
        return f"{imports.specs[kind].title}导入只支持 {'、'.join(accepted)} 文件", None
    if upload.size > importfiles.max_file_bytes():
        return f"文件超过 {importfiles.max_file_bytes() // (1024 * 1024)} MB，请拆分后分批导入", None
    unit = _scope_unit(request, roots, request.POST.get("unit", ""))
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{timezone.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex}{suffix}"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        kind=kind, file_name=Path(upload.name).name[:255], file_path=str(target), scope_path=unit.path,
        created_by=request.user,
    )
    return "", job


def _start(job: ImportJob) -> None:
    run_import.enqueue(job.pk)


@jobs.task()
def run_import(job_id: int) -> None:
    execute(job_id)


@jobs.on_abandoned(run_import)
def _lost(job_id: int) -> None:
    # Each attempt ran in one transaction that died with its worker, so nothing of the file was written.
    row = ImportJob.objects.filter(pk=job_id)
    file_path = row.values_list("file_path", flat=True).first()
    row.update(status="failed",
               message=f"{jobs.LOST}（已重试 {jobs.MAX_ATTEMPTS} 次），未写入任何数据；请重新上传。")
    if file_path:
        Path(file_path).unlink(missing_ok=True)


def execute(job_id: int) -> None:
    """Run one job to its end, recording progress and the outcome on the job row."""
    job = ImportJob.objects.get(pk=job_id)
    row = ImportJob.objects.filter(pk=job_id)
    user = get_user_model().objects.get(pk=job.created_by_id)
    actor = access.actor_for(user)

    def on_phase(phase: str, total: int) -> None:
        fields = {"status": phase, "total_rows": total}
        if phase == "writing":
            fields["processed_rows"] = total
        row.update(**fields)

    def on_progress(done: int, total: int) -> None:
        row.update(processed_rows=done, total_rows=total)

    keep_file = False
    try:
        result = imports.run(imports.specs[job.kind], job.file_path, actor=actor, scope_path=job.scope_path,
                             on_progress=on_progress, on_phase=on_phase, file_name=job.file_name,
                             confirm_warnings=job.warnings_confirmed)
    except Http404:
        row.update(status="failed", message="您无权在该范围导入数据，未写入任何数据。")
    except Exception:  # the transaction has rolled back; the trace (library text, paths) stays in the log
        log.exception("import job %s failed", job_id)
        row.update(status="failed", message=f"写入时出现意外错误，已全部撤销，未写入任何数据。"
                                             f"请联系管理员（导入编号 {job_id}）。")
    else:
        if result.errors:
            row.update(status="rejected", errors=result.errors.items, warnings=result.warnings,
                        total_rows=result.total)
        elif result.needs_confirmation:
            keep_file = True  # read again, in full, once the importer confirms
            row.update(status="confirm", warnings=result.warnings, processed_rows=result.total,
                        total_rows=result.total)
        else:
            row.update(status="done", written_rows=result.written, processed_rows=result.total,
                        total_rows=result.total, warnings=result.warnings)
    finally:
        # The file holds personal data (ID numbers); once read, only the outcome is kept.
        if not keep_file:
            Path(job.file_path).unlink(missing_ok=True)


def _job(request, pk: int) -> ImportJob:
    access.require(request.actor, access.IMPORT)
    return access.get_scoped(ImportJob.objects.select_related("created_by"), request.actor, access.IMPORT,
                             field="scope_path", pk=pk)


def _job_context(job: ImportJob) -> dict:
    spec = imports.specs.get(job.kind)
    return {"job": job, "title": spec.title if spec else job.kind, "errors": job.errors[:SHOWN_ERRORS],
            "error_count": len(job.errors), "errors_cut": len(job.errors) > SHOWN_ERRORS,
            "warnings": job.warnings[:SHOWN_ERRORS], "warning_count": len(job.warnings),
            "no_worker": job.status == "pending" and not jobs.workers_running(), "ended": job.finished}


@require_GET
def job(request, pk: int):
    return render(request, "orgs/imports/job.html", _job_context(_job(request, pk)))


@require_POST
def confirm(request, pk: int):
    """The importer has checked the warnings of a clean file: import it (read and checked again)."""
    found = _job(request, pk)
    if found.status != "confirm" or found.created_by_id != request.user.pk:
        raise Http404  # only the one who uploaded the file answers for it
    if request.POST.get("checked") != "1":
        context = _job_context(found) | {"confirm_error": "请先勾选“我已逐条核对以上提示”"}
        return render(request, "orgs/imports/job.html", context, status=400)
    ImportJob.objects.filter(pk=found.pk, status="confirm").update(
        status="pending", warnings_confirmed=True, processed_rows=0)
    found.refresh_from_db()
    _start(found)
    return redirect("imports:job", pk=found.pk)


@require_GET
def job_status(request, pk: int):
    return render(request, "orgs/imports/_status.html", _job_context(_job(request, pk)))


@require_GET
def job_errors(request, pk: int):
    found = _job(request, pk)
    rows = ((e["row"], e["column"], e["message"]) for e in found.errors)
    content = excel.workbook_bytes("错误清单", ["行", "列", "问题"], rows)
    return excel.xlsx_response(f"导入错误-{found.pk}.xlsx", content)


@require_GET
def template(request, kind: str):
    access.require(request.actor, access.IMPORT)
    spec = _spec(kind)
    if not spec.has_template:
        raise Http404
    roots = _roots(request.actor)
    if not roots:
        raise Http404
    unit = _scope_unit(request, roots, request.GET.get("unit", ""))
    ctx = spec.prepare(actor=request.actor, scope_path=unit.path)
    return excel.xlsx_response(f"{spec.title}导入模板.xlsx", imports.template_bytes(spec, ctx))
