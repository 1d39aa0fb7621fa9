"""The served app for bench/soak.py: its own PostgreSQL, a fresh database, `zhenxing serve` and the processes
to watch (gunicorn workers, the job worker) with their memory.

PostgreSQL is, by default, a private cluster of the machine's server binaries (initdb in bench/out/soak/pg,
its own port, trust auth): the soak restarts its server, and the machine's shared server on 5432 carries
other people's test runs. `--server shared` uses DATABASE_URL's server instead and restarts it with
`--restart-cmd` (e.g. `pg_ctlcluster 15 main restart`).
"""

import glob
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

REPO_SRC = common.BENCH_DIR.parent / "src"
SOAK_DIR = common.OUT_DIR / "soak"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"找不到 PostgreSQL 程序 {name}（/usr/lib/postgresql/*/bin）")
    return found[-1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and the server refuse to run as root
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PrivateCluster:
    """A PostgreSQL server of its own, so that restarting it disturbs nobody else."""

    def __init__(self, port: int | None = None):
        self.dir = SOAK_DIR / "pg"
        self.port = port or free_port()
        self.log = SOAK_DIR / "pg.log"

    @property
    def server_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        return subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir), "-l", str(self.log),
                                            "-o", opts, "-w", "-t", "120", *args]),
                              check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        SOAK_DIR.mkdir(parents=True, exist_ok=True)
        if self.dir.exists():
            self._ctl("stop", "-m", "immediate", check=False)
            subprocess.run(["rm", "-rf", str(self.dir)], check=True)
        self.dir.mkdir()
        self.log.touch()
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres:postgres", str(self.dir), str(self.log)], check=True)
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.dir), "-U", "postgres", "--auth=trust",
                                     "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL)
        self._ctl("start")

    def restart(self) -> None:
        # -m fast: like `service postgresql restart`, every session is cut and open transactions roll back
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast", check=False)


class SharedCluster:
    def __init__(self, restart_cmd: str):
        self.server_url = common.server_url()
        self.restart_cmd = restart_cmd

    def start(self) -> None:
        pass

    def restart(self) -> None:
        if not self.restart_cmd:
            sys.exit("--server shared 需要 --restart-cmd（例如 'pg_ctlcluster 15 main restart'）")
        subprocess.run(shlex.split(self.restart_cmd), check=True)

    def stop(self) -> None:
        pass


def db_url(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


def recreate_database(server_url: str, name: str) -> str:
    with psycopg.connect(db_url(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return db_url(server_url, name)


def app_env(database_url: str, data_dir: Path) -> dict[str, str]:
    """The app's environment: this tree's code (PYTHONPATH, inherited by the job worker serve starts)."""
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, ZHENXING_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO_SRC),
               DJANGO_SETTINGS_MODULE="zhenxing.settings", PYTHONUNBUFFERED="1")
    return env


def zhenxing(env: dict, *args: str, log: Path | None = None) -> None:
    out = open(log, "ab") if log else subprocess.DEVNULL
    subprocess.run([*common.zhenxing_command(), *args], env=env, check=True, stdout=out, stderr=out)


class Server:
    """`zhenxing serve` in its own process group; the gunicorn master is that process."""

    def __init__(self, env: dict, port: int, workers: int, log: Path):
        self.env, self.port, self.workers, self.log = env, port, workers, log
        self.proc: subprocess.Popen | None = None
        self.extra_workers: list[subprocess.Popen] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [*common.zhenxing_command(), "serve", "--port", str(self.port), "--workers", str(self.workers)],
            env=self.env, stdout=out, stderr=out, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200 and len(self.gunicorn_workers()) == self.workers:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None:
                sys.exit(f"zhenxing serve 已退出（{self.proc.returncode}），见 {self.log}")
            time.sleep(0.5)
        sys.exit(f"服务 {timeout:.0f} 秒内未就绪，见 {self.log}")

    def children(self) -> list[tuple[int, str]]:
        assert self.proc is not None
        found = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid:  # ppid
                    pid = int(stat.split("/")[2])
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                    found.append((pid, cmd))
            except (OSError, IndexError, ValueError):
                continue
        return found

    def gunicorn_workers(self) -> list[int]:
        return sorted(pid for pid, cmd in self.children() if "zhenxing.cli worker" not in cmd)

    def job_workers(self) -> list[int]:
        own = [pid for pid, cmd in self.children() if "zhenxing.cli worker" in cmd]
        return own + [p.pid for p in self.extra_workers if p.poll() is None]

    def start_worker(self) -> int:
        out = open(self.log, "ab")
        proc = subprocess.Popen([*common.zhenxing_command(), "worker"], env=self.env, stdout=out, stderr=out,
                                start_new_session=True)
        self.extra_workers.append(proc)
        return proc.pid

    def stop(self) -> None:
        for p in self.extra_workers:
            p.terminate()
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
        for p in self.extra_workers:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
