"""Background jobs on django-tasks' database backend (the API Django itself adopts in 6.0), so that a job
survives a restart of the web process: imports and long exports now; snapshot refreshes, reports and
notifications as they come. The queue is a table in the project's own database, on SQLite and PostgreSQL
alike, so the embedded demo needs no broker.

django-tasks-db leaves a task claimed by a worker that died (killed, machine lost) in RUNNING for ever. Our
worker therefore beats (a row per worker, refreshed every few seconds) and reaps: a running task whose worker
has stopped beating is run again, up to MAX_ATTEMPTS claims, and then marked failed, calling the handler its
module registered with `on_abandoned` (an import job says so on its page). A task must be all-or-nothing
(one transaction) for a retry to be safe; the imports are.
"""

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks import task  # noqa: F401  (re-exported: modules declare their tasks with core.jobs.task)
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from zhenxing.core.models import WorkerBeat

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
LOST = "处理进程意外停止"
DATABASE_RETRY_SECONDS = 2.0

_abandoned: dict[str, Callable] = {}
_periodic: dict[str, tuple[timedelta, Callable]] = {}
_last_run: dict[str, float] = {}


def every(interval: timedelta):
    """Run the decorated function (no arguments) in each worker about every `interval` (the deadline
    sweep). It must be safe to run twice at once: two workers may."""

    def register(fn: Callable) -> Callable:
        _periodic[f"{fn.__module__}.{fn.__qualname__}"] = (interval, fn)
        return fn

    return register


def run_periodic(now: float | None = None) -> list[str]:
    """Run the periodic functions that are due in this process; returns their names."""
    now = time.monotonic() if now is None else now
    ran = []
    for name, (interval, fn) in _periodic.items():
        last = _last_run.get(name)
        if last is not None and now - last < interval.total_seconds():
            continue
        _last_run[name] = now
        try:
            fn()
            ran.append(name)
        except Exception:  # one failing sweep must not stop the heartbeat
            log.exception("periodic %s failed", name)
    return ran


def on_abandoned(job_task):
    """Register what to do when `job_task` has been lost MAX_ATTEMPTS times: called with its arguments."""

    def register(handler: Callable) -> Callable:
        _abandoned[job_task.module_path] = handler
        return handler

    return register


def _handler(task_path: str) -> Callable | None:
    """The abandon handler of a task: a fresh worker reaps before it has run (so imported) any task's
    module, and a module registers its handler when imported."""
    if task_path not in _abandoned:
        try:
            import_module(task_path.rpartition(".")[0])
        except ImportError:
            log.exception("cannot import the module of lost task %s", task_path)
    return _abandoned.get(task_path)


def _stale_after() -> timedelta:
    return timedelta(seconds=settings.ZHENXING_WORKER_STALE_SECONDS)


def reap(*, alive: str = "", lost: str = "", now=None) -> dict[str, int]:
    """Give a task whose worker stopped beating back to the queue, or, after MAX_ATTEMPTS, fail it.

    `alive` is the calling worker's own id: its beat may be late while its own task holds SQLite's lock.
    `lost` is a worker that beats but knows it runs nothing (its task died with the database connection)."""
    now = now or timezone.now()
    fresh = WorkerBeat.objects.filter(seen_at__gte=now - _stale_after())
    beating = set(fresh.values_list("worker_id", flat=True))
    beating.add(alive)
    beating.discard(lost)
    counts = {"retried": 0, "failed": 0}
    for pk in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            found = DBTaskResult.objects.select_for_update().filter(
                pk=pk, status=TaskResultStatus.RUNNING).first()
            if found is None or (found.worker_ids and found.worker_ids[-1] in beating):
                continue
            if len(found.worker_ids) < MAX_ATTEMPTS:
                found.status, found.started_at = TaskResultStatus.READY, None
                found.save(update_fields=["status", "started_at"])
                counts["retried"] += 1
                continue
            found.status, found.finished_at = TaskResultStatus.FAILED, now
            found.exception_class_path = "zhenxing.core.jobs.WorkerLost"
            found.traceback = f"{LOST}（已尝试 {len(found.worker_ids)} 次）"
            found.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            handler = _handler(found.task_path)
            if handler is not None:
                args = found.args_kwargs
                handler(*args.get("args", ()), **args.get("kwargs", {}))
            counts["failed"] += 1
    if counts["retried"] or counts["failed"]:
        log.warning("reaped lost tasks: %s", counts)
    return counts


def waiting(job_task) -> bool:
    """Whether a run of `job_task` is queued or running: a page says so rather than start another."""
    return DBTaskResult.objects.filter(task_path=job_task.module_path, status__in=[
        TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists()


def workers_running() -> bool:
    return WorkerBeat.objects.filter(seen_at__gte=timezone.now() - _stale_after()).exists()


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now(), "host": socket.gethostname()[:100],
                                       "pid": os.getpid()})


class Worker(DatabaseWorker):
    """django-tasks-db's worker plus a heartbeat thread that also reaps lost tasks, and that outlives a
    database restart (django-tasks-db's loop ends the process on the first connection error)."""

    def run(self) -> None:
        started = False
        try:
            while self.running:
                try:
                    if not started:
                        beat(self.worker_id)
                        reap(alive=self.worker_id)
                        threading.Thread(target=self._keep_beating, name="zhenxing-beat", daemon=True).start()
                        started = True
                    else:
                        # A task it had claimed died with the connection (its transaction rolled back):
                        # run it again, or fail it after MAX_ATTEMPTS, as for a killed worker.
                        reap(lost=self.worker_id)
                    super().run()
                    return
                except DatabaseError:
                    log.exception("database unavailable; the worker waits and tries again")
                    connection.close()
                    time.sleep(DATABASE_RETRY_SECONDS)
        finally:
            self.running = False  # a batch run returns with it still set: stop the heartbeat too
            try:
                WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
            except DatabaseError:
                log.warning("could not remove the heartbeat of %s", self.worker_id)

    def _keep_beating(self) -> None:
        while self.running:
            time.sleep(settings.ZHENXING_WORKER_STALE_SECONDS / 6)
            if not self.running:  # stopped while asleep: its beat row is gone, don't write it back
                break
            try:
                beat(self.worker_id)
                reap(alive=self.worker_id)
                run_periodic()
            except Exception:  # a locked SQLite file or a restarting database: try again next beat
                log.exception("worker heartbeat failed")
            finally:
                connection.close()


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def run_worker(*, interval: float = 1.0, batch: bool = False, max_tasks: int | None = None) -> None:
    """The loop behind `zhenxing worker`: every queue, until stopped (SIGTERM/SIGINT end the current task
    first)."""
    worker = Worker(queue_names=["*"], interval=interval, batch=batch, backend_name="default",
                    startup_delay=False, max_tasks=max_tasks, worker_id=new_worker_id(),
                    excluded_queue_names=[])
    worker.configure_signals()
    worker.run()
