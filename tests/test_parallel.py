"""The suite runs on two pytest-xdist workers (pyproject's addopts): each needs its own data dir and
database, and the access matrix must be shared between them rather than land whole on one."""

import os
from collections import Counter
from types import SimpleNamespace

from django.conf import settings
from django.db import connection

from zhenxing.testing.xdist import SplitFileScheduling

MATRIX = "tests/test_access_matrix.py"


def test_a_worker_has_its_own_data_dir_and_database(db):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:  # `pytest -n 0`: one process, nothing to keep apart
        return
    assert settings.DATA_DIR.name == worker and os.environ["ZHENXING_DATA_DIR"] == str(settings.DATA_DIR)
    assert settings.ATTACHMENT_DIR.parent == settings.DATA_DIR
    if connection.vendor != "sqlite":  # SQLite's test database is in this process's memory
        assert connection.settings_dict["NAME"].endswith(f"_{worker}")


SLOW = "src/zhenxing/stats/tests/test_snapshots_demo.py"


def scheduler(workers: int) -> SplitFileScheduling:
    values = {"tx": ["popen"] * workers, "loadscopereorder": True, "maxschedchunk": None}
    ini = {"xdist_split_files": [MATRIX], "xdist_first_files": [SLOW]}
    config = SimpleNamespace(getvalue=values.get, getoption=values.get, getini=ini.get)
    return SplitFileScheduling(config)


def test_the_long_files_are_handed_out_before_the_larger_units():
    queue = scheduler(2).workqueue
    for scope in (f"{MATRIX}#shard0", "tests/test_a.py", SLOW, "tests/test_b.py"):
        queue[scope] = {}
    assert list(queue) == [SLOW, f"{MATRIX}#shard0", "tests/test_a.py", "tests/test_b.py"]
    assert queue.popitem(last=False)[0] == SLOW


def test_the_matrix_is_cut_into_one_even_shard_per_worker_and_other_files_stay_whole():
    cases = [f"{MATRIX}::test_page[route{i}-role{i % 9}]" for i in range(3000)]
    shards = Counter(scheduler(2)._split_scope(nodeid) for nodeid in cases)
    assert set(shards) == {f"{MATRIX}#shard0", f"{MATRIX}#shard1"}
    assert min(shards.values()) > 0.45 * len(cases)
    assert scheduler(2)._split_scope(cases[7]) == scheduler(2)._split_scope(cases[7])  # same every run
    assert scheduler(1)._split_scope(cases[7]) == MATRIX
    other = "src/zhenxing/demo/tests/test_generate.py::test_x[1]"
    assert scheduler(2)._split_scope(other) == "src/zhenxing/demo/tests/test_generate.py"
