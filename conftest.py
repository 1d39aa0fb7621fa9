"""Shared pytest setup: Chromium for browser tests (the data dir is set by zhenxing.testing.plugin).

Browser tests run against Debian's /usr/bin/chromium. In CI (CI=true) a missing browser fails the
run; on a developer machine it is a visible skip.
"""

import os
import shutil

import pytest

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
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def district(db):
    from zhenxing.testing import factories

    return factories.district()


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path):
    """Each test's database starts empty, so its audit checkpoints must too: the file lives outside the
    database and would otherwise carry one test's chain into the next."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit_checkpoints.jsonl"
