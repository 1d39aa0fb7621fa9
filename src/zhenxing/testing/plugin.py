"""Loaded with `-p zhenxing.testing.plugin` before pytest-django imports the settings, so that a test
run never writes into a developer's real data directory.

Under pytest-xdist each worker is its own process with its own test database but, without this, the
data dir of the run: two workers would write the same export, import or attachment paths (ids start at 1
in each database), the same audit checkpoints and the same generated secrets. So a worker takes a
subdirectory named after itself (`gw0`, `gw1`); xdist sets PYTEST_XDIST_WORKER before it loads plugins.
"""

import os
import tempfile
from pathlib import Path

import pytest

_data_dir = Path(os.environ.get("ZHENXING_DATA_DIR") or tempfile.mkdtemp(prefix="zhenxing-test-"))
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and _data_dir.name != _worker:  # a process started by a worker inherits its dir already
    _data_dir = _data_dir / _worker
os.environ["ZHENXING_DATA_DIR"] = str(_data_dir)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
# Jobs run inside the request that enqueues them; core/tests/test_jobs.py runs the real queue and worker.
os.environ.setdefault("ZHENXING_TASKS", "immediate")


def pytest_addoption(parser):
    parser.addini("xdist_split_files", type="linelist", default=[],
                  help="test files whose tests xdist may share between workers (see zhenxing.testing.xdist)")
    parser.addini("xdist_first_files", type="linelist", default=[],
                  help="test files that take long: xdist hands them out first (see zhenxing.testing.xdist)")


def pytest_configure(config):
    from django.db.backends.signals import connection_created

    connection_created.connect(_no_commit_wait, dispatch_uid="zhenxing-test-commits")


def _no_commit_wait(sender, connection, **kwargs):
    """A test database need not survive a power cut: on PostgreSQL a commit does not wait for the disk
    (the browser tests' and transactional tests' many commits), everything else is as in production."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")


# tryfirst: xdist's own implementation of this first-result hook would otherwise answer before ours.
@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from zhenxing.testing.xdist import SplitFileScheduling

    return SplitFileScheduling(config, log)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids repeat from test to test, so what a page cached for one
    test's user (the menu's counts) would be shown to another test's user of the same id."""
    from django.core.cache import cache

    cache.clear()
