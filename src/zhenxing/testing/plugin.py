"""Loaded with `-p zhenxing.testing.plugin` before pytest-django imports the settings, so that a test
run never writes into a developer's real data directory."""

import os
import tempfile

os.environ.setdefault("ZHENXING_DATA_DIR", tempfile.mkdtemp(prefix="zhenxing-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
# Jobs run inside the request that enqueues them; core/tests/test_jobs.py runs the real queue and worker.
os.environ.setdefault("ZHENXING_TASKS", "immediate")
