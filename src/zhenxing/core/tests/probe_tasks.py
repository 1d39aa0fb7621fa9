"""A task for test_jobs: writes a row inside a transaction and, on its first attempt, stays in that
transaction long enough to be killed there (a marker file says it has started)."""

import time
from datetime import date
from pathlib import Path

from django.db import transaction

from zhenxing.core import jobs
from zhenxing.core.models import Holiday


@jobs.task()
def slow_write(marker: str) -> None:
    first = not Path(marker).exists()
    with transaction.atomic():
        Holiday.objects.create(date=date(2099, 1, 1), name="探针")
        Path(marker).write_text("started")
        if first:
            time.sleep(120)
