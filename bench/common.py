"""Shared helpers for the benchmarks: which database a scale lives in, and how to reach it.

The benchmarks run against PostgreSQL only: the point is province scale, which the SQLite default is
not meant for. `DATABASE_URL` names the server (and the user); each scale gets its own database,
`zx_bench_x<scale>` unless `--db` says otherwise, created here and dropped only when asked.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored: the bench's own data dir (secret and field keys)
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DB_PREFIX = "zx_bench_"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("基准测试需要 PostgreSQL：请把 DATABASE_URL 设为 postgres://用户@主机:端口/库名")
    return url


def db_name_for(scale: int, name: str | None = None) -> str:
    name = name or f"{DB_PREFIX}x{scale}"
    if not name.startswith(DB_PREFIX):
        sys.exit(f"基准测试库名必须以 {DB_PREFIX} 开头（收到“{name}”），以免误删其他库")
    return name


def url_for(db_name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path="/" + db_name))


def maintenance_url() -> str:
    return url_for("postgres")


def bench_env(db_name: str) -> dict[str, str]:
    """Environment for a `zhenxing` process working on the bench database."""
    OUT_DIR.mkdir(exist_ok=True)
    env = dict(os.environ)
    env["DATABASE_URL"] = url_for(db_name)
    env["ZHENXING_DATA_DIR"] = str(OUT_DIR / "data")
    env.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
    return env


def setup_django(db_name: str) -> None:
    os.environ.update(bench_env(db_name))
    import django

    django.setup()


def zhenxing_command() -> list[str]:
    exe = Path(sys.executable).with_name("zhenxing")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "zhenxing.cli"]


def migrate(db_name: str) -> None:
    subprocess.run([*zhenxing_command(), "migrate"], env=bench_env(db_name), check=True,
                   stdout=subprocess.DEVNULL)


def median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def p95(values: list[float]) -> float:
    s = sorted(values)
    # nearest-rank: with few runs this is the slowest run, which is the honest reading
    return s[min(len(s) - 1, max(0, -(-95 * len(s) // 100) - 1))]
