"""Shared pytest setup: a fresh data dir per run, and Chromium for browser tests.

Browser tests run against Debian's /usr/bin/chromium. In CI (CI=true) a missing browser fails the
run; on a developer machine it is a visible skip.
"""

import os
import shutil
import tempfile

os.environ.setdefault("ZHENXING_DATA_DIR", tempfile.mkdtemp(prefix="zhenxing-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop

import pytest  # noqa: E402

CHROMIUM = os.environ.get("ZHENXING_CHROMIUM", "/usr/bin/chromium")


def chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI 需要浏览器，但找不到 {CHROMIUM}")
        pytest.skip(f"未安装 Chromium（{CHROMIUM}），跳过浏览器测试")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture
def district(db):
    from zhenxing.testing import factories

    return factories.district()
