"""Jobs that survive a restart (issue 11): an import is queued in the database and run by a worker; a worker
killed in the middle of a job leaves nothing half-written, and the job is run again by the next worker, or
after MAX_ATTEMPTS lost workers marked failed with a Chinese message on its page."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from zhenxing.core import jobs
from zhenxing.core.models import ImportJob, WorkerBeat
from zhenxing.orgs import import_views
from zhenxing.people.models import Household
from zhenxing.testing import factories
from zhenxing.testing.tables import table_file

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
H_HEADERS = ["户编号", "村/社区代码", "村民小组代码", "网格代码", "住址", "集体经济组织成员户"]


def households_job(tmp_path, district, rows=5) -> ImportJob:
    user = factories.user("street_admin", district["street_a"])
    data = [[f"H{n}", "210113001201", "", "", "地址", "是"] for n in range(rows)]
    path = table_file(tmp_path / "h.xlsx", H_HEADERS, data)
    return ImportJob.objects.create(kind="households", file_name="h.xlsx", file_path=str(path),
                                    created_by=user, scope_path=district["street_a"].path)


@pytest.mark.django_db(transaction=True)
def test_an_upload_waits_in_the_queue_until_a_worker_runs_it(tmp_path, settings):
    settings.TASKS = DATABASE
    job = households_job(tmp_path, factories.district())
    import_views._start(job)
    job.refresh_from_db()
    assert job.status == "pending" and Household.objects.count() == 0
    assert DBTaskResult.objects.get().status == "READY"
    jobs.Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
    job.refresh_from_db()
    assert (job.status, job.written_rows) == ("done", 5) and Household.objects.count() == 5
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not WorkerBeat.objects.exists()  # the worker took its heartbeat with it


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_silent_worker_is_run_again_then_failed_with_its_job(tmp_path, settings):
    settings.TASKS = DATABASE
    job = households_job(tmp_path, factories.district())
    import_views._start(job)
    task = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", worker_ids=["gone-1"])
    WorkerBeat.objects.create(worker_id="alive", seen_at=jobs.timezone.now())
    assert jobs.reap() == {"retried": 1, "failed": 0}
    assert DBTaskResult.objects.get().status == "READY"
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", worker_ids=["alive"])
    assert jobs.reap() == {"retried": 0, "failed": 0}  # its worker still beats
    lost_thrice = ["gone-1", "gone-2", "gone-3"]
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", worker_ids=lost_thrice)
    assert jobs.reap() == {"retried": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "failed" and "处理进程意外停止" in job.message and "未写入任何数据" in job.message
    assert not Path(job.file_path).exists() and Household.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_does_not_end_the_worker_and_its_lost_task_runs_again(tmp_path, settings,
                                                                                   monkeypatch):
    settings.TASKS = DATABASE
    job = households_job(tmp_path, factories.district())
    import_views._start(job)
    monkeypatch.setattr(jobs, "DATABASE_RETRY_SECONDS", 0)
    real_run, calls = jobs.DatabaseWorker.run, []

    def cut_once(worker):
        calls.append(worker.worker_id)
        if len(calls) == 1:  # the server goes away while the worker runs the task it claimed
            DBTaskResult.objects.update(status="RUNNING", worker_ids=[worker.worker_id])
            raise OperationalError("terminating connection due to administrator command")
        return real_run(worker)

    monkeypatch.setattr(jobs.DatabaseWorker, "run", cut_once)
    jobs.Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
    job.refresh_from_db()
    assert calls == ["test-worker", "test-worker"]  # the same process went on
    assert (job.status, job.written_rows) == ("done", 5) and Household.objects.count() == 5
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def _run(args, env, **kw):
    return subprocess.run([sys.executable, "-m", "zhenxing.cli", *args], env=env, capture_output=True,
                          text=True, timeout=300, **kw)


def _query(env, code: str) -> str:
    script = f"import django; django.setup()\n{code}"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_killed_worker_leaves_nothing_half_written_and_the_next_one_finishes_the_job(tmp_path):
    """Real processes on a database file: a worker is killed (SIGKILL) inside the task's transaction."""
    env = {**os.environ, "ZHENXING_DATA_DIR": str(tmp_path / "data"), "ZHENXING_TASKS": "database",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}", "ZHENXING_WORKER_STALE_SECONDS": "1.5",
           "DJANGO_SETTINGS_MODULE": "zhenxing.settings"}
    assert _run(["migrate"], env).returncode == 0
    marker = tmp_path / "started"
    _query(env, "from zhenxing.core.tests.probe_tasks import slow_write\n"
                f"slow_write.enqueue({str(marker)!r})")
    worker = subprocess.Popen([sys.executable, "-m", "zhenxing.cli", "worker", "--interval", "0.1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), "the worker never started the task"
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    counts = ("from zhenxing.core.models import Holiday\n"
              "from django_tasks_db.models import DBTaskResult as T\n"
              "t = T.objects.get(); print(Holiday.objects.count(), t.status, len(t.worker_ids))")
    assert _query(env, counts) == "0 RUNNING 1"  # killed inside its transaction: nothing written
    time.sleep(2)  # the dead worker's heartbeat goes stale
    assert _run(["worker", "--batch", "--interval", "0"], env).returncode == 0
    assert _query(env, counts) == "1 SUCCESSFUL 2"  # run again by the next worker, written once
