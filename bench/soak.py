"""Soak and faults (issue 11, item 10): mixed traffic from every demo role against the served app on
PostgreSQL, memory sampled all along, and two faults during the traffic, each with what was lost.

    /work/venv/bin/python bench/soak.py                      # 10 min, demo at scale 0.2, both faults
    /work/venv/bin/python bench/soak.py --minutes 1 --scale 0.05 --import-rows 5000   # a quick look

Setup: PostgreSQL (a private cluster on a free port unless --server shared: see soak_server.py), database
zx_bench_soak dropped and created, its own ZHENXING_DATA_DIR (bench/out/soak/data), `zhenxing migrate`,
`zhenxing load-demo --scale`, then `zhenxing serve` (gunicorn, --workers, and the job worker serve starts)
on a free port, this tree's code (PYTHONPATH=src). Every account holding a role signs in (the demo's nine).

Traffic: --clients-per-role clients per account, each crawling its role's pages first (soak_clients.py),
then for --minutes picking weighted URLs (home, registers with filters and pagination, record pages, the
dashboard and drill-downs, the API, the map's GeoJSON, a few missing objects that must answer 404) and,
--write-share of the time, a write its role may make: reporting a case (grid worker, village cadres,
villager), proposing points (village cadres, grid worker), redeeming in the points shop (villager). Think
time uniform in [0, 2 × --think] s. An error is any 5xx, a request with no answer, a 4xx other than the
probes' 404 (and a claim refused with its reason, counted apart), or a page that sends the user to sign in.

Faults, while the clients run:
1. at 25% of the run the district admin uploads a households file of --import-rows rows through /imports/;
   once the job is writing (its INSERTs in flight in pg_stat_activity) the job worker gets SIGKILL and a new
   `zhenxing worker` is started. Counted: the file's rows in the database right after the kill, and after
   the retry (exactly the file, once), the job's status, its attempts.
2. at 60% PostgreSQL is restarted (`pg_ctl restart -m fast`: every session cut). Counted: errors and how long
   until every role is answered again, errors after that (the app must recover by itself), writes the app
   accepted that are missing (lost) or stored twice, and a small import after the restart (the job worker
   must have survived).
Memory: VmRSS of the gunicorn workers and the job worker every 10 s (/proc/<pid>/status).
Nothing is asserted; figures are printed and kept in bench/out/soak_<time>.json.
"""

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import openpyxl
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import soak_clients as sc  # noqa: E402
import soak_server as ss  # noqa: E402

DB = "zx_bench_soak"


class Soak:
    def __init__(self, args):
        self.args = args
        self.duration = args.minutes * 60
        self.cluster = ss.PrivateCluster() if args.server == "private" else ss.SharedCluster(args.restart_cmd)
        self.rec = sc.Recorder(time.monotonic())
        self.memory: list[tuple[float, dict[str, float]]] = []
        self.events: list[tuple[float, str]] = []
        self.faults: dict = {}
        self.run_id = datetime.now().strftime("%H%M%S")
        self.done = threading.Event()
        self.paused = threading.Event()
        self.busy = 0

    def event(self, text: str) -> None:
        t = self.rec.now()
        self.events.append((t, text))
        print(f"  [{t:6.1f} s] {text}", flush=True)

    # -- setup -----------------------------------------------------------------------------------------------
    def setup(self) -> None:
        a = self.args
        t0 = time.monotonic()
        self.cluster.start()
        self.db_url = ss.recreate_database(self.cluster.server_url, DB)
        data = ss.SOAK_DIR / "data"
        subprocess.run(["rm", "-rf", str(data)], check=True)
        env = ss.app_env(self.db_url, data)
        log = ss.SOAK_DIR / "setup.log"
        log.unlink(missing_ok=True)
        ss.zhenxing(env, "migrate", log=log)
        ss.zhenxing(env, "load-demo", "--scale", str(a.scale), log=log)
        with self.db() as conn:
            self.accounts = conn.execute(
                "SELECT DISTINCT ON (u.id) u.username, r.role FROM auth_user u "
                "JOIN orgs_roleassignment r ON r.user_id = u.id ORDER BY u.id, r.id").fetchall()
            self.village = conn.execute("SELECT code FROM orgs_orgunit WHERE level = 'village' "
                                        "AND name = '马刚村'").fetchone()[0]
            self.sizes = dict(conn.execute(
                "SELECT 'households', count(*) FROM people_household UNION ALL "
                "SELECT 'persons', count(*) FROM people_person UNION ALL "
                "SELECT 'cases', count(*) FROM governance_case").fetchall())
        (ss.SOAK_DIR / "serve.log").unlink(missing_ok=True)
        self.server = ss.Server(env, ss.free_port(), a.workers, ss.SOAK_DIR / "serve.log")
        self.server.start()
        print(f"setup {time.monotonic() - t0:.0f} s: {self.sizes}, {len(self.accounts)} accounts, "
              f"serve on {self.server.base}, gunicorn workers {self.server.gunicorn_workers()}, "
              f"job worker {self.server.job_workers()}", flush=True)

    def db(self):
        return psycopg.connect(self.db_url, autocommit=True, connect_timeout=5)

    # -- memory ----------------------------------------------------------------------------------------------
    def sample_memory(self) -> None:
        while not self.done.is_set():
            row = {}
            for i, pid in enumerate(self.server.gunicorn_workers()):
                row[f"gunicorn {i + 1} ({pid})"] = ss.rss_mb(pid)
            for pid in self.server.job_workers():
                row[f"job worker ({pid})"] = ss.rss_mb(pid)
            self.memory.append((self.rec.now(), row))
            self.done.wait(10)

    # -- fault 1: a worker killed during an import --------------------------------------------------------
    def households_file(self, admin: sc.Client, rows: int, prefix: str) -> bytes:
        status, _, template = admin.get("/imports/template/households.xlsx", kind="fault")
        book = openpyxl.load_workbook(io.BytesIO(template))
        headers = [c.value for c in book.worksheets[0][1]]
        column = headers.index("村/社区代码")  # the lists sheet has the template's columns
        villages = [str(r[column].value).split()[0] for r in book.worksheets[1].iter_rows(min_row=2)
                    if r[column].value][:20] or [self.village]
        out = openpyxl.Workbook()
        sheet = out.active
        sheet.append(headers)
        for i in range(rows):
            values = {"户编号": f"{prefix}-{i:06d}", "村/社区代码": villages[i % len(villages)],
                      "住址": f"压测{i}号", "集体经济组织成员户": "是"}
            sheet.append([values.get(h, "") for h in headers])
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()

    def upload(self, admin: sc.Client, content: bytes, name: str) -> int | None:
        admin.get("/imports/", kind="fault")
        status, headers, _ = admin.request(
            "POST", "/imports/", files={"file": (name, content)}, kind="fault",
            data={"kind": "households", "csrfmiddlewaretoken": admin.cookies["csrftoken"]})
        loc = headers.get("location", "")
        return int(loc.rstrip("/").split("/")[-1]) if status == 302 and "/imports/jobs/" in loc else None

    def job_state(self, conn, job_id: int) -> tuple:
        return conn.execute(
            "SELECT j.status, j.written_rows, j.message, t.status, "
            "coalesce(jsonb_array_length(t.worker_ids), 0) "
            "FROM core_importjob j LEFT JOIN django_tasks_database_dbtaskresult t "
            "ON t.args_kwargs -> 'args' ->> 0 = j.id::text WHERE j.id = %s", [job_id]).fetchone()

    def rows_of(self, conn, prefix: str) -> tuple[int, int]:
        return conn.execute("SELECT count(*), count(DISTINCT number) FROM people_household "
                            "WHERE number LIKE %s", [prefix + "-%"]).fetchone()

    def wait_job(self, conn, job_id: int, timeout: float) -> tuple:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.job_state(conn, job_id)
            if state[0] in ("done", "failed", "rejected", "confirm"):
                return state
            time.sleep(0.5)
        return self.job_state(conn, job_id)

    def fault_import(self, admin: sc.Client) -> None:
        rows, prefix = self.args.import_rows, f"SOAK{self.run_id}"
        f = self.faults["import_kill"] = {"rows": rows}
        content = self.households_file(admin, rows, prefix)
        f["file_kb"] = len(content) // 1024
        self.event(f"fault 1: uploading {rows} households ({f['file_kb']} KB)")
        job_id = self.upload(admin, content, "压测户.xlsx")
        if job_id is None:
            f["outcome"] = "upload refused"
            self.event("fault 1: upload refused")
            return
        victim = self.server.job_workers()[0]
        with self.db() as conn:
            t0 = time.monotonic()
            while time.monotonic() - t0 < 600:
                status = self.job_state(conn, job_id)[0]
                inserting = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
                    "AND query LIKE 'INSERT INTO \"people_household\"%%'", [DB]).fetchone()[0]
                if status == "writing" and inserting or status in ("done", "failed", "rejected"):
                    break
                time.sleep(0.02)
            f["status_at_kill"] = status
            f["seconds_to_kill"] = round(time.monotonic() - t0, 1)
            os.kill(victim, signal.SIGKILL)
            t_kill = time.monotonic()
            self.event(f"fault 1: job {job_id} {status}; SIGKILL job worker {victim}")
            time.sleep(1)
            f["rows_after_kill"], _ = self.rows_of(conn, prefix)
            f["job_after_kill"] = self.job_state(conn, job_id)[:1] + self.job_state(conn, job_id)[3:]
            new = self.server.start_worker()
            self.event(f"fault 1: {f['rows_after_kill']} rows in the database; started worker {new}")
            state = self.wait_job(conn, job_id, 600)
            f["recovered_after_s"] = round(time.monotonic() - t_kill, 1)
            f["rows_final"], f["distinct_final"] = self.rows_of(conn, prefix)
            f["job_final"] = {"status": state[0], "written_rows": state[1], "message": state[2],
                              "task": state[3], "attempts": state[4]}
        self.event(f"fault 1: job {state[0]} after {f['recovered_after_s']} s, {f['rows_final']} rows "
                   f"({f['distinct_final']} distinct), attempts {state[4]}")

    # -- fault 2: a database restart during traffic -------------------------------------------------------
    def fault_restart(self, admin: sc.Client) -> None:
        f = self.faults["db_restart"] = {}
        self.event("fault 2: restarting PostgreSQL")
        t0 = self.rec.now()
        self.cluster.restart()
        t1 = self.rec.now()
        f["restart_window"] = [round(t0, 1), round(t1, 1)]
        self.event(f"fault 2: PostgreSQL back after {t1 - t0:.1f} s")
        # Every role answered again: the first successful request of each role after the restart ended.
        deadline = time.monotonic() + 120
        roles = {r for _, r in self.accounts}
        while time.monotonic() < deadline:
            with self.rec.lock:
                back = {h.role for h in self.rec.hits if h.t > t1 and h.expected and h.kind != "fault"}
            if roles <= back:
                break
            time.sleep(0.5)
        with self.rec.lock:
            firsts = {}
            for h in self.rec.hits:
                if h.t > t1 and h.expected and h.role not in firsts:
                    firsts[h.role] = h.t
        f["all_roles_answered_after_s"] = round(max(firsts.values(), default=t1) - t0, 1)
        f["roles_not_answered"] = sorted(roles - set(firsts))
        self.event(f"fault 2: every role answered again {f['all_roles_answered_after_s']} s after "
                   "the restart began")
        # The job worker must have lived through it: a small import after the restart.
        prefix = f"SOAKR{self.run_id}"
        job_id = self.upload(admin, self.households_file(admin, 50, prefix), "重启后.xlsx")
        with self.db() as conn:
            state = self.wait_job(conn, job_id, 120) if job_id else ("upload refused",)
            f["import_after_restart"] = {"status": state[0], "rows": self.rows_of(conn, prefix)[0],
                                         "job_workers": self.server.job_workers()}
        self.event(f"fault 2: import after the restart: {f['import_after_restart']}")

    def fault_lull_restart(self, admin: sc.Client) -> None:
        """The restart again, while nobody is requesting: a connection the app keeps (CONN_MAX_AGE) died with
        the server, and only the next request finds out."""
        f = self.faults["db_restart_in_a_lull"] = {}
        self.paused.set()
        deadline = time.monotonic() + 120
        while self.busy and time.monotonic() < deadline:
            time.sleep(0.05)
        self.event("fault 3: clients paused; restarting PostgreSQL")
        self.cluster.restart()
        time.sleep(1)
        t = self.rec.now()
        self.paused.clear()
        time.sleep(15)
        with self.rec.lock:
            after = [h for h in self.rec.hits if t <= h.t <= t + 15 and h.kind in ("home", "list", "filter",
                     "record", "api", "geojson", "probe", "write")]
        bad = [h for h in after if not h.expected]
        f.update(window=[round(t, 1), round(t + 15, 1)], requests=len(after), errors=len(bad),
                 statuses=dict(Counter(h.status for h in bad)))
        self.event(f"fault 3: in the 15 s after the lull: {len(after)} requests, {len(bad)} errors")

    def faults_thread(self, admin: sc.Client) -> None:
        try:
            if not self.args.no_faults:
                for at, fault in ((0.25, self.fault_import), (0.6, self.fault_restart),
                                  (0.85, self.fault_lull_restart)):
                    time.sleep(max(0.0, at * self.duration - self.rec.now()))
                    try:
                        fault(admin)
                    except Exception as exc:  # the bench's own failure: say so, and go on with the run
                        self.faults.setdefault(fault.__name__, {})["bench_error"] = repr(exc)
                        self.event(f"{fault.__name__}: the bench failed: {exc!r}")
        finally:
            self.faults_done = self.rec.now()

    # -- the run ---------------------------------------------------------------------------------------------
    def run(self) -> dict:
        a = self.args
        clients = []
        for username, role in self.accounts:
            for _ in range(a.clients_per_role):
                c = sc.Client("127.0.0.1", self.server.port, username, role, self.rec)
                if not c.login():
                    print(f"  {username} ({role}) could not sign in: left out")
                    break
                c.crawl(self.village)
                clients.append(c)
        admin = sc.Client("127.0.0.1", self.server.port, "admin", "fault", self.rec)
        admin.login()
        admin.phase = "fault"
        crawled = len(self.rec.hits)
        print(f"{len(clients)} clients signed in and crawled ({crawled} requests); "
              f"traffic for {self.duration:.0f} s", flush=True)
        shift = time.monotonic() - self.rec.start
        self.rec.start += shift
        for h in self.rec.hits:
            h.t -= shift  # the crawl's requests come before the run's clock
        self.faults_done = 0.0 if a.no_faults else float("inf")
        threads = [threading.Thread(target=self.sample_memory, daemon=True),
                   threading.Thread(target=self.faults_thread, args=(admin,), daemon=True)]
        until = self.duration
        for i, c in enumerate(clients):
            writes = sc.writes_for(c.role, self.run_id)
            threads.append(threading.Thread(target=self.client_loop, args=(c, until, writes, i), daemon=True))
        for t in threads:
            t.start()
        for t in threads[2:]:
            t.join()
        threads[1].join()
        self.ran = self.rec.now()
        self.done.set()
        return self.report(crawled)

    def client_loop(self, c: sc.Client, until: float, writes: list, seed: int) -> None:
        rng = __import__("random").Random(seed)
        # Traffic lasts --minutes, and at least until the faults are over (short runs).
        while self.rec.now() < until or self.rec.now() < self.faults_done:
            if self.paused.is_set():
                time.sleep(0.05)
                continue
            with self.rec.lock:
                self.busy += 1
            try:
                c.step(rng, writes, self.args.write_share)
            finally:
                with self.rec.lock:
                    self.busy -= 1
            time.sleep(rng.uniform(0, 2 * self.args.think))

    # -- the figures -----------------------------------------------------------------------------------------
    def report(self, crawled: int) -> dict:
        import soak_report as rep

        hits = [h for h in self.rec.hits if h.t >= 0 and h.kind in rep.SOAK_KINDS]
        crawl_bad = [h for h in self.rec.hits[:crawled] if not h.expected]
        writes_text, writes = rep.check_writes(self)
        logs = {"serve.log": rep.log_faults(ss.SOAK_DIR / "serve.log")}
        load = os.getloadavg()
        print(f"\n== traffic: {self.ran:.0f} s, {len(hits)} requests ({len(hits) / self.ran:.1f}/s); "
              f"the crawl before it: {crawled} requests, {len(crawl_bad)} errors; load average now "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(rep.traffic(hits, self.ran))
        print("\n== errors by window")
        print(rep.errors(hits, self))
        print("\n== memory (VmRSS, MB; a new pid is a new process)")
        print(rep.memory(self.memory))
        print("\n== writes, checked against the database")
        print(writes_text)
        print("\n== faults")
        print(json.dumps(self.faults, ensure_ascii=False, indent=1, default=str))
        print(f"\n== logs: {logs}")
        return {"args": vars(self.args), "sizes": self.sizes, "accounts": self.accounts, "ran_s": self.ran,
                "requests": len(hits), "errors": sum(not h.expected for h in hits), "writes": writes,
                "faults": self.faults, "events": self.events, "memory": self.memory, "logs": logs,
                "load_after": load, "hits": [h.__dict__ for h in self.rec.hits]}


def machine() -> str:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    commit = subprocess.run(["git", "-C", str(common.BENCH_DIR), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} cores, {int(mem) // 1024 // 1024} GB RAM, commit {commit}, "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--scale", type=float, default=0.2, help="demo district scale (load-demo --scale)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--clients-per-role", type=int, default=1)
    p.add_argument("--think", type=float, default=0.3, help="mean think time between requests, s")
    p.add_argument("--write-share", type=float, default=0.05,
                   help="share of a writing role's steps that write")
    p.add_argument("--import-rows", type=int, default=20000)
    p.add_argument("--no-faults", action="store_true")
    p.add_argument("--server", choices=("private", "shared"), default="private")
    p.add_argument("--restart-cmd", default="",
                   help="with --server shared, e.g. 'pg_ctlcluster 15 main restart'")
    p.add_argument("--keep", action="store_true", help="leave the server and PostgreSQL running at the end")
    args = p.parse_args()
    started = datetime.now()
    print(f"soak {started:%Y-%m-%d %H:%M:%S}: {machine()}; {vars(args)}", flush=True)
    soak = Soak(args)
    try:
        soak.setup()
        figures = soak.run()
    finally:
        soak.done.set()
        if not args.keep:
            if hasattr(soak, "server"):
                soak.server.stop()
            soak.cluster.stop()
    common.OUT_DIR.mkdir(exist_ok=True)
    out = common.OUT_DIR / f"soak_{started:%Y%m%d_%H%M}.json"
    out.write_text(json.dumps({"machine": machine(), "started": str(started), **figures}, ensure_ascii=False,
                              default=str))
    print(f"\nraw figures: {out}")


if __name__ == "__main__":
    main()
