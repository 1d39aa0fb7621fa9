"""Case intake and listing under load (吹哨报到, issue 4): a year of province-scale cases on PostgreSQL,
the real server (`zhenxing serve`, gunicorn) on 127.0.0.1, loaded from a second process with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        /work/venv/bin/python bench/cases.py                 # load (~2 min), then every scenario
    /work/venv/bin/python bench/cases.py --skip-load          # reuse zx_bench_cases

Data (database `zx_bench_cases`, dropped and re-created unless --skip-load): `zhenxing migrate`, the
org tree of bench/province.py at --scale (100 districts, 14,200 villages, their groups and grids; no
households or persons: no case page reads them), 18 departments per district, a dispatch catalogue
of 20 entries (each tied to one department name, i.e. to that department in every district), and
--cases cases (1,000,000) created at an even rate over the last 365 days, every one at a village (or
one of its grids), in the states a year leaves behind: the old ones closed (at the village or after
dispatch), the last weeks' in every open state, a few old ones still open and overdue; with due
dates, lead departments (the district's department of the category) and co-departments on ~20% of
the dispatched ones. Loaded with COPY and INSERT … SELECT (no ORM per row), then VACUUM ANALYZE.

Bench shortcuts: no workflow-step or audit rows are generated for the loaded cases (neither the
register nor the API list reads them; the case detail page, not measured here, does); `reporter`
and `created_by` are empty; every row is plain synthetic text.

Then, per scenario and per --connections level, wrk runs for --duration seconds against the served
app (one verified request first: a scenario whose request does not answer 2xx is not measured):
  intake         POST /api/v1/open311/requests as 200 grid workers across the province (bearer tokens)
  api_street     GET the Open311 list with filters (status, service_code, page) as a street admin
  api_dept       the same as a department's staff (lead or co-department)
  api_county     the same as a district (county) admin (a scope of ~10,000 cases)
  page_street    GET /governance/cases/ (the HTML register) as the street admin (session cookie)
Reported: requests/s, latency p50/p95/p99, non-2xx and socket errors, load average. Side by side,
per URL and in one process: the whole request through django.test.Client, and the same SQL straight
through psycopg (the floor), split into the page's rows and its COUNT(*). Nothing is asserted.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import province  # noqa: E402

DEFAULT_DB = "zx_bench_cases"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEPARTMENTS = ["农业农村局", "自然资源局", "住建局", "水务局", "生态环境局", "综合执法局", "供电公司",
               "交通运输局", "卫生健康局", "应急管理局", "市场监管局", "民政局", "公安分局", "教育局",
               "文旅局", "林业局", "燃气公司", "供热公司"]
# (name, urgency, department index, response hours, limit hours, limit working days)
CATEGORIES = [
    ("河道清淤", "general", 3, 2, None, 7), ("供电抢修", "utilities", 6, 2, 24, None),
    ("畜禽疫病处置", "emergency", 0, 1, 2, None), ("违法占地", "complex", 1, 4, None, 15),
    ("违章建筑", "complex", 5, 4, None, 15), ("道路破损", "general", 7, 2, None, 7),
    ("垃圾清运", "general", 4, 2, None, 7), ("污水外溢", "utilities", 3, 2, 24, None),
    ("秸秆焚烧", "emergency", 4, 1, 2, None), ("农田灌溉", "general", 3, 2, None, 7),
    ("危房排查", "complex", 2, 4, None, 15), ("燃气泄漏", "emergency", 16, 1, 2, None),
    ("供暖不热", "utilities", 17, 2, 24, None), ("食品安全", "general", 10, 2, None, 7),
    ("困难救助", "general", 11, 2, None, 7), ("治安隐患", "general", 12, 2, None, 7),
    ("校园周边", "general", 13, 2, None, 7), ("林木盗伐", "complex", 15, 4, None, 15),
    ("公共卫生", "general", 8, 2, None, 7), ("自然灾害隐患", "emergency", 9, 1, 2, None),
]
DESCRIPTIONS = ["村东头河道淤积，汛期前需清理", "三组线路老化，夜间停电", "养殖户反映生猪发病，需要兽医上门",
                "有人在耕地上搭建彩钢房", "村口新建房屋未办审批", "村道路面塌陷，车辆通行困难",
                "垃圾点满溢多日无人清运", "污水井冒水流到路上", "田间有人焚烧秸秆", "灌溉渠堵塞，水进不了田",
                "独居老人房屋墙体开裂", "闻到燃气味，怀疑管道泄漏", "室内温度不足十六度",
                "小卖部出售过期食品",
                "低保户申请临时救助", "夜间有陌生车辆在村里转悠", "学校门口流动摊贩占道", "山上有人砍伐树木",
                "村里犬只未拴养", "山体有落石隐患"]


# ----------------------------------------------------------------------------------------------- the data

CASES_SQL = """
INSERT INTO governance_case (id, code, source, reporter_name, reporter_phone, hotline_number, category_id,
    description, village_id, location, lon, lat, lead_department_id, dispatched_at, accepted_at,
    accepted_on_time, resolved_at, result, satisfaction, evaluation, reopened, created_at,
    state, state_since, due_at, path)
SELECT g, c.code, c.source, '合成反映人' || (g %% 997), '138****' || lpad((g %% 10000)::text, 4, '0'),
       CASE WHEN c.source = 'hotline' THEN 'GD' || lpad(g::text, 10, '0') ELSE '' END,
       c.cat, (%(descriptions)s::text[])[c.cat], c.village_id, c.vname || (g %% 97 + 1) || '号附近',
       NULL, NULL,
       CASE WHEN c.state IN ('dispatched', 'handling', 'resolved', 'closed')
            THEN c.county_idx * %(n_departments)s + (%(cat_department)s::int[])[c.cat] + 1 END,
       CASE WHEN c.state IN ('dispatched', 'handling', 'resolved', 'closed')
            THEN c.created_at + interval '20 hours' END,
       CASE WHEN c.state IN ('handling', 'resolved', 'closed')
            THEN c.created_at + interval '21 hours' END,
       CASE WHEN c.state IN ('handling', 'resolved', 'closed') THEN c.r %% 10 <> 0 END,
       CASE WHEN c.state IN ('resolved', 'closed', 'village_closed')
            THEN c.created_at + interval '3 days' END,
       CASE WHEN c.state IN ('resolved', 'closed', 'village_closed') THEN '已现场处理完毕，群众认可'
            ELSE '' END,
       CASE WHEN c.state = 'closed' THEN (ARRAY['satisfied','satisfied','satisfied','basic','unsatisfied'])
            [1 + c.r %% 5] ELSE '' END,
       CASE WHEN c.state = 'closed'
            THEN (ARRAY['good','good','fair_good','average','poor'])[1 + (c.r / 5) %% 5] ELSE '' END,
       CASE WHEN c.r %% 50 = 0 THEN 1 ELSE 0 END,
       c.created_at, c.state,
       c.created_at + CASE c.state WHEN 'reported' THEN interval '0 hours'
           WHEN 'whistled' THEN interval '10 hours'
           WHEN 'dispatched' THEN interval '20 hours' WHEN 'handling' THEN interval '21 hours'
           ELSE interval '3 days' END,
       CASE c.state WHEN 'reported' THEN c.created_at + interval '24 hours'
           WHEN 'whistled' THEN c.created_at + interval '34 hours'
           WHEN 'dispatched' THEN c.created_at + interval '22 hours'
           WHEN 'handling' THEN c.created_at + interval '21 hours' + interval '9 days'
           WHEN 'resolved' THEN c.created_at + interval '6 days' END,
       CASE WHEN c.source = 'grid' THEN c.grid_paths[1 + g %% 3] ELSE c.path END
FROM (
    SELECT g, v.village_id, v.path, v.grid_paths, v.county_idx, v.vname, t.created_at, t.r, t.cat,
           CASE WHEN t.r %% 10 < 7 THEN 'grid' WHEN t.r %% 10 < 9 THEN 'villager' ELSE 'hotline'
           END AS source,
           CASE WHEN g >= %(first_of_year)s
                THEN 'AJ-' || %(year)s || '-' || lpad((g - %(first_of_year)s + 1)::text, 6, '0')
                ELSE 'AJ-' || (%(year)s - 1) || '-' || lpad(g::text, 6, '0') END AS code,
           CASE
             WHEN t.age > interval '30 days' THEN
               CASE WHEN t.r %% 1000 >= 996 THEN 'handling' WHEN t.r %% 1000 >= 994 THEN 'resolved'
                    WHEN t.r %% 100 < 15 THEN 'village_closed' ELSE 'closed' END
             WHEN t.age > interval '10 days' THEN (%(states_30)s::text[])[1 + t.r %% 20]
             WHEN t.age > interval '1 day' THEN (%(states_10)s::text[])[1 + t.r %% 20]
             ELSE (%(states_1)s::text[])[1 + t.r %% 20]
           END AS state
    FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) g
    CROSS JOIN LATERAL (
        SELECT %(start)s::timestamptz + (g - 1) * %(step)s * interval '1 second' AS created_at,
               (g * 7919 + 104729) %% 1000003 AS r,
               1 + (g * 31 + g / 7) %% %(n_categories)s AS cat) t0
    CROSS JOIN LATERAL (SELECT t0.*, %(now)s::timestamptz - t0.created_at AS age) t
    JOIN bench_village v ON v.vidx = (g * 7919) %% %(n_villages)s
) c
"""

# Co-departments: ~20% of the dispatched cases get the next department of their district, 4% a second.
CO_DEPARTMENTS_SQL = """
INSERT INTO governance_case_co_departments (case_id, department_id)
SELECT c.id, d.id
FROM governance_case c
CROSS JOIN LATERAL generate_series(1, CASE WHEN c.id %% 25 = 0 THEN 2 WHEN c.id %% 5 = 0 THEN 1 ELSE 0 END) k
JOIN orgs_department lead ON lead.id = c.lead_department_id
JOIN orgs_department d ON d.id = (lead.id - 1) / %(n)s * %(n)s + ((lead.id - 1) %% %(n)s + k) %% %(n)s + 1
WHERE c.lead_department_id IS NOT NULL
"""

# The states of the last month's cases, by age (20 slots each: 5% steps)
STATES_BY_AGE = {
    "states_1": ["reported"] * 6 + ["whistled"] * 3 + ["dispatched"] * 4 + ["handling"] * 3
                + ["village_closed"] * 4,
    "states_10": ["reported", "dispatched"] + ["handling"] * 7 + ["resolved"] * 4 + ["village_closed"] * 3
                 + ["closed"] * 4,
    "states_30": ["handling", "resolved"] + ["village_closed"] * 3 + ["closed"] * 15,
}

CASE_TABLES = ["governance_case", "governance_case_co_departments"]


def step(label):
    return province.step(label)


def drop_secondary_indexes(cur) -> list[str]:
    rebuild = []
    for table in CASE_TABLES:
        cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'u'", [table])
        for name, definition in cur.fetchall():
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
        for name, definition in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
    return rebuild


def generate(db_name: str, scale: int, n_cases: int) -> dict:
    started = time.perf_counter()
    print(f"案件基准数据：规模 {scale}x，{n_cases:,} 件 → 数据库 {db_name}", flush=True)
    with step("建库并迁移 (zhenxing migrate)"):
        province.create_database(db_name)
        common.migrate(db_name)
    common.setup_django(db_name)
    with step("生成组织树 (Python)"):
        tree = province.Tree(scale)
    county_of = {}  # unit id -> county index, walking down the tree in order
    county_idx = -1
    for uid, _code, _name, level, parent_id, _path, _dev, _syn in tree.units:
        if level == "county":
            county_idx += 1
            county_of[uid] = county_idx
        elif parent_id in county_of:
            county_of[uid] = county_of[parent_id]
    names = {u[0]: u[2] for u in tree.units}
    n_dep = len(DEPARTMENTS)
    departments = []
    county_units = [u for u in tree.units if u[3] == "county"]
    for i, u in enumerate(county_units):
        for k, name in enumerate(DEPARTMENTS):
            departments.append((i * n_dep + k + 1, name, u[0], u[5], 60 + k))
    categories, category_departments = [], []
    for c, (name, urgency, dep, response, hours, days) in enumerate(CATEGORIES, start=1):
        categories.append((c, name, urgency, response, hours, days, True))
        for i in range(len(county_units)):
            category_departments.append((c, i * n_dep + dep + 1))
    now = datetime.now(SHANGHAI).replace(microsecond=0)
    start = now - timedelta(days=365)
    step_seconds = 365 * 86400 / n_cases
    new_year = datetime(now.year, 1, 1, tzinfo=SHANGHAI)
    # codes run per year (core.numbering): the first case of this year is number 1 again
    first_of_year = max(1, int((new_year - start).total_seconds() // step_seconds) + 1)
    with psycopg.connect(common.url_for(db_name)) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET synchronous_commit = off")
        label = f"COPY 组织单元 {len(tree.units):,} / 部门 {len(departments):,} / 派单目录 {len(categories)}"
        with step(label):
            province.copy_rows(cur, "orgs_orgunit", ["id", "code", "name", "level", "parent_id", "path",
                                                     "development_village", "synthetic", "boundary"],
                               (u + ("",) for u in tree.units))
            province.copy_rows(cur, "orgs_department", ["id", "name", "org_unit_id", "path", "staff_sunk"],
                               departments)
            province.copy_rows(cur, "governance_dispatchcategory",
                               ["id", "name", "urgency", "response_hours", "limit_hours",
                                "limit_working_days", "active"], categories)
            province.copy_rows(cur, "governance_dispatchcategory_departments",
                               ["dispatchcategory_id", "department_id"], category_departments)
            cur.execute("CREATE UNLOGGED TABLE bench_village (vidx int PRIMARY KEY, village_id bigint, "
                        "path text, grid_paths text[], county_idx int, vname text)")
            province.copy_rows(cur, "bench_village",
                               ["vidx", "village_id", "path", "grid_paths", "county_idx", "vname"],
                               [(v[1], v[0], v[3], v[5], county_of[v[0]], names[v[0]])
                                for v in tree.villages])
        rebuild = drop_secondary_indexes(cur)
        conn.commit()
        params = {"descriptions": DESCRIPTIONS, "n_departments": n_dep,
                  "cat_department": [c[2] for c in CATEGORIES], "n_categories": len(CATEGORIES),
                  "n_villages": len(tree.villages), "year": now.year, "first_of_year": first_of_year,
                  "start": start, "step": step_seconds, "now": now, **STATES_BY_AGE}
        batch = 250_000
        with step(f"案件 {n_cases:,} (INSERT … SELECT)"):
            for lo in range(1, n_cases + 1, batch):
                cur.execute(CASES_SQL, {**params, "lo": lo, "hi": min(lo + batch, n_cases + 1)})
                conn.commit()
        with step("协办部门 (INSERT … SELECT)"):
            cur.execute(CO_DEPARTMENTS_SQL, {"n": n_dep})
            conn.commit()
        with step(f"重建 {len(rebuild)} 个索引与唯一约束"):
            for sql in rebuild:
                cur.execute(sql)
            conn.commit()
        cur.execute("DROP TABLE bench_village")
        for table in ["orgs_orgunit", "orgs_department", "governance_dispatchcategory",
                      "governance_dispatchcategory_departments", *CASE_TABLES]:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"GREATEST((SELECT max(id) FROM {table}), 1))")
        conn.commit()
    with step("VACUUM ANALYZE"), psycopg.connect(common.url_for(db_name), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    with psycopg.connect(common.url_for(db_name)) as conn:
        states = dict(conn.execute("SELECT state, count(*) FROM governance_case GROUP BY 1 ORDER BY 1")
                      .fetchall())
        overdue = conn.execute("SELECT count(*) FROM governance_case WHERE state NOT IN "
                               "('closed', 'village_closed') AND due_at < now()").fetchone()[0]
        co = conn.execute("SELECT count(*) FROM governance_case_co_departments").fetchone()[0]
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database())), "
                            "pg_size_pretty(pg_total_relation_size('governance_case'))").fetchone()
    print(f"完成：{seconds:.0f} s；库 {size[0]}，governance_case 含索引 {size[1]}")
    print("  状态：" + "，".join(f"{k} {v:,}" for k, v in states.items())
          + f"；其中超期（未结） {overdue:,}；协办部门行 {co:,}")
    return {"seconds": seconds, "states": states, "overdue": overdue, "co_departments": co,
            "db_size": size[0], "case_table_size": size[1]}


# ----------------------------------------------------------------------------------------------- the users

GRID_WORKERS = 200
SESSIONS = 16


def ensure_users(db_name: str) -> dict:
    """Bench users (created once) and fresh credentials: bearer tokens, one signed-in session."""
    os.environ["ZHENXING_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"  # for the in-process Client
    common.setup_django(db_name)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from zhenxing.orgs.api_auth import issue_token
    from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment

    User = get_user_model()
    county = OrgUnit.objects.filter(level="county").order_by("code").first()
    street = OrgUnit.objects.filter(level="town", parent=county).order_by("code").first()
    # the department with the most cases in the first county (a busy one: the register's worst case)
    department = Department.objects.filter(org_unit=county, name=DEPARTMENTS[CATEGORIES[0][2]]).first()

    def user(username, role, unit=None, dept=None):
        u, created = User.objects.get_or_create(username=username)
        if created:
            u.set_unusable_password()
            u.save()
            RoleAssignment.objects.create(user=u, role=role, org_unit=unit, department=dept)
        return u

    street_admin = user("bench_street_admin", "street_admin", unit=street)
    dept_staff = user("bench_dept_staff", "department_staff", dept=department)
    county_admin = user("bench_county_admin", "district_admin", unit=county)
    villages = list(OrgUnit.objects.filter(level="village").order_by("code").values_list("code", flat=True))
    grids = []
    for k in range(GRID_WORKERS):
        grid_code = villages[k * len(villages) // GRID_WORKERS] + "G001"
        grid = OrgUnit.objects.get(code=grid_code)
        grids.append((user(f"bench_grid_{k:03d}", "grid_worker", unit=grid), grid_code))
    from django.conf import settings

    sessions = []  # one per wrk connection, as many street admins' browsers would hold
    for _ in range(SESSIONS):
        client = Client()
        client.force_login(street_admin)  # a session row like a login's, without hashing a password
        sessions.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")

    return {
        "street": street.code, "county": county.code, "department": department.name,
        "department_id": department.pk,
        "tokens": {
            "street_admin": issue_token(user=street_admin, name="bench"),
            "dept_staff": issue_token(user=dept_staff, name="bench"),
            "county_admin": issue_token(user=county_admin, name="bench"),
        },
        "grid_workers": [(issue_token(user=u, name="bench"), code) for u, code in grids],
        "sessions": sessions,
        "categories": list(range(1, len(CATEGORIES) + 1)),
    }


# ----------------------------------------------------------------------------------------------- scenarios

API = "/api/v1/open311/requests"


def list_urls(base: str, categories: list[int]) -> list[str]:
    """The filters a list is read with, in the mix wrk rotates through."""
    urls = [base, f"{base}?page=2", f"{base}?page=5", f"{base}?status=open", f"{base}?status=closed",
            f"{base}?status=closed&page=3"]
    urls += [f"{base}?service_code={c}" for c in categories[:6]]
    urls += [f"{base}?service_code={categories[0]}&status=closed",
             f"{base}?service_code={categories[1]}&status=open"]
    return urls


def page_urls(categories: list[int], department_id: int) -> list[str]:
    base = "/governance/cases/"
    return [base, f"{base}?page=2", f"{base}?page=5", f"{base}?state=handling", f"{base}?state=closed",
            f"{base}?state=closed&page=3", f"{base}?category={categories[0]}",
            f"{base}?category={categories[3]}",
            f"{base}?deadline=overdue", f"{base}?department={department_id}", f"{base}?q=AJ-2026-00"]


def scenarios(ctx: dict) -> dict[str, list[dict]]:
    """Scenario -> the requests wrk rotates through: {method, path, headers, body}."""
    bearer = {k: {"Authorization": f"Bearer {t}"} for k, t in ctx["tokens"].items()}
    intake = []
    for i, (token, grid) in enumerate(ctx["grid_workers"]):
        c = ctx["categories"][i % len(ctx["categories"])]
        body = {"service_code": str(c), "description": f"基准上报：{DESCRIPTIONS[c - 1]}", "place": grid,
                "address_string": f"{grid} 附近", "lat": 41.8 + (i % 50) / 100,
                "long": 123.4 + (i % 40) / 100,
                "reporter_name": "基准网格员"}
        intake.append({"method": "POST", "path": API, "body": json.dumps(body, ensure_ascii=False),
                       "headers": {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}})
    urls = list_urls(API, ctx["categories"])
    out = {"intake": intake}
    for name, role in (("api_street", "street_admin"), ("api_dept", "dept_staff"),
                       ("api_county", "county_admin")):
        out[name] = [{"method": "GET", "path": u, "headers": bearer[role], "body": None} for u in urls]
    urls = page_urls(ctx["categories"], ctx["department_id"])
    # every URL with every session in turn (11 URLs x 16 sessions: the rotation meets all pairs)
    out["page_street"] = [{"method": "GET", "path": u, "headers": {"Cookie": cookie}, "body": None}
                          for cookie in ctx["sessions"] for u in urls]
    return out


def lua_string(s: str) -> str:
    return "[==[" + s + "]==]"


def wrk_script(requests: list[dict]) -> str:
    rows = []
    for r in requests:
        headers = ", ".join(f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in r["headers"].items())
        body = lua_string(r["body"]) if r["body"] is not None else "nil"
        method, path = lua_string(r["method"]), lua_string(r["path"])
        rows.append(f"  {{m = {method}, p = {path}, h = {{{headers}}}, b = {body}}},")
    return WRK_LUA.replace("--REQUESTS--", "\n".join(rows))


WRK_LUA = r"""
local reqs = {
--REQUESTS--
}
local threads = {}
local counter = 0
statuses = {}
first_error = nil

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  counter = (tid or 1) * 7
end

function request()
  counter = counter + 1
  local r = reqs[(counter % #reqs) + 1]
  return wrk.format(r.m, r.p, r.h, r.b)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if (status < 200 or status > 299) and first_error == nil then
    first_error = string.format("%d %s", status, string.sub(body or "", 1, 300))
    io.stderr:write("ZXERR " .. first_error .. "\n")
  end
end

function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do agg[k] = (agg[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(agg) do table.insert(parts, string.format('"%d": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'ZXJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %.1f, "socket_errors": %d, "timeouts": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.connect + e.read + e.write, e.timeout,
    table.concat(parts, ", ")))
end
"""


# ----------------------------------------------------------------------------------------------- the server

def start_server(db_name: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = common.bench_env(db_name)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    log = open(common.OUT_DIR / "cases_server.log", "w")
    proc = subprocess.Popen([*common.zhenxing_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers), "--threads", str(threads)],
                            env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"服务启动失败，见 {log.name}")
            time.sleep(0.5)
    stop_server(proc)
    sys.exit("服务 60 秒内未就绪")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the gunicorn master and its workers (their own group)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def verify(port: int, request: dict) -> tuple[int, int]:
    """One request as wrk will send it: (status, bytes). A 4xx here means the run would measure nothing."""
    body = request["body"].encode() if request["body"] is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{request['path']}", data=body,
                                 headers=request["headers"], method=request["method"])
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, len(r.read())
    except urllib.error.HTTPError as e:
        return e.code, len(e.read())


def run_wrk(port: int, requests: list[dict], connections: int, duration: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(wrk_script(requests))
        script = f.name
    try:
        out = subprocess.run(["wrk", "-t", str(min(threads, connections)), "-c", str(connections),
                              "-d", f"{duration}s", "--timeout", "60s", "--latency", "-s", script,
                              f"http://127.0.0.1:{port}"], check=True, capture_output=True, text=True)
    finally:
        os.unlink(script)
    errors = [x[len("ZXERR "):] for x in out.stderr.splitlines() if x.startswith("ZXERR ")]
    out = out.stdout
    line = next((x for x in out.splitlines() if x.startswith("ZXJSON ")), None)
    if line is None:
        sys.exit("wrk 没有输出结果：\n" + out)
    result = json.loads(line[len("ZXJSON "):])
    statuses = {int(k): v for k, v in result["statuses"].items()}
    result["first_errors"] = errors[:3]
    result["non_2xx"] = sum(v for k, v in statuses.items() if not 200 <= k < 300)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ----------------------------------------------------------------------------------------------- side by side

def percentile(values: list[float], pct: int) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, -(-pct * len(s) // 100) - 1))]


def side_by_side(ctx: dict, scen: dict, runs: int) -> list[dict]:
    """Per listing URL, one at a time in this process: the whole request through django.test.Client, and the
    same case queries (rows, COUNT) sent straight through psycopg as Django sent them (the floor)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for name, reqs in scen.items():
        if name == "intake":
            continue
        if name == "page_street":
            c = Client()
            c.force_login(get_user_model().objects.get(username="bench_street_admin"))
        else:
            c = Client(HTTP_AUTHORIZATION=reqs[0]["headers"]["Authorization"])
        clients[name] = c
    rows = []
    raw = psycopg.connect(common.url_for(settings.DATABASES["default"]["NAME"]), autocommit=True)
    for name, client in clients.items():
        for path in dict.fromkeys(r["path"] for r in scen[name]):  # each URL once (not once per session)
            r = {"path": path}
            client.get(r["path"])  # warm-up
            times = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as cq:
                    t = time.perf_counter()
                    resp = client.get(r["path"])
                    times.append(time.perf_counter() - t)
            case_sql = [q["sql"] for q in cq.captured_queries if "governance_case" in q["sql"]]
            count_sql = [q for q in case_sql if "COUNT(" in q.upper()]
            rows_sql = [q for q in case_sql if q not in count_sql]
            floor = {}
            for label, sqls in (("rows", rows_sql), ("count", count_sql)):
                ts = []
                for _ in range(runs):
                    t = time.perf_counter()
                    for q in sqls:
                        raw.execute(q).fetchall()
                    ts.append(time.perf_counter() - t)
                floor[label] = (percentile(ts, 50) * 1000, percentile(ts, 95) * 1000)
            rows.append({"scenario": name, "url": r["path"], "status": resp.status_code,
                         "p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000,
                         "queries": len(cq.captured_queries), "case_queries": len(case_sql),
                         "rows_sql_p50_ms": floor["rows"][0], "count_sql_p50_ms": floor["count"][0],
                         "count": raw.execute(count_sql[0]).fetchone()[0] if count_sql else None,
                         "slowest_sql": max(case_sql, key=len)[:2000] if case_sql else ""})
            print(f"    {name:<12} {r['path']:<60} {rows[-1]['p50_ms']:8.1f} ms  "
                  f"SQL rows {floor['rows'][0]:7.1f} + count {floor['count'][0]:7.1f} ms",
                  file=sys.stderr, flush=True)
    raw.close()
    return rows


def before_visible(actor):
    """The Open311 list's queryset as it was before commit 756d28c (kept here to compare with the code):
    a department's cases as `pk IN (cases LEFT JOIN co-departments WHERE lead OR co)`, and DISTINCT."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from zhenxing.governance.cases import selectors as sel
    from zhenxing.governance.cases.models import Case
    from zhenxing.orgs import access

    base = sel._base()
    parts = [access.scoped(base, actor, cap) for cap in (access.HANDLE_CASE, access.DISPATCH_CASE)
             if actor.paths(cap)]
    departments = sel.departments_of(actor)
    if departments:
        ids = Case.objects.filter(Q(lead_department__in=departments) | Q(co_departments__in=departments))
        parts.append(access.scoped(base, actor, access.WORK_CASE).filter(pk__in=ids.values("pk")))
    return reduce(or_, parts).distinct()


def list_alternatives(runs: int) -> list[dict]:
    """The Open311 list's two queries (page rows, COUNT) as the code sends them and as they were before,
    in the same minutes, for the department and the district admin."""
    from django.contrib.auth import get_user_model

    from zhenxing.governance.cases import selectors as sel
    from zhenxing.governance.cases.workflows import CASE
    from zhenxing.orgs.access import actor_for

    rows = []
    for role, username in (("api_dept", "bench_dept_staff"), ("api_county", "bench_county_admin")):
        actor = actor_for(get_user_model().objects.get(username=username))
        for variant, make in (("code", sel.visible), ("before: JOIN in IN + DISTINCT", before_visible)):
            lists = (("page 1", None, 0), ("page 5", None, 200), ("status=open", "open", 0))
            for label, narrow, start in lists:
                qs = make(actor)
                if narrow:
                    qs = qs.exclude(state__in=CASE.final)
                qs = qs.order_by("-created_at", "-pk")
                timing = {}
                for part, fn in (("rows", lambda q=qs, s=start: list(q[s:s + 50])), ("count", qs.count)):
                    fn()
                    ts = []
                    for _ in range(runs):
                        t = time.perf_counter()
                        fn()
                        ts.append((time.perf_counter() - t) * 1000)
                    timing[part] = (percentile(ts, 50), percentile(ts, 95))
                rows.append({"scenario": role, "variant": variant, "list": label,
                             "rows_p50_ms": timing["rows"][0], "rows_p95_ms": timing["rows"][1],
                             "count_p50_ms": timing["count"][0], "count_p95_ms": timing["count"][1]})
                print(f"    {role:<10} {variant:<30} {label:<12} rows {timing['rows'][0]:7.1f}  "
                      f"count {timing['count'][0]:7.1f} ms", file=sys.stderr, flush=True)
    return rows


# ----------------------------------------------------------------------------------------------- main

def print_tables(result: dict) -> None:
    print(f"\n## Load: wrk against `zhenxing serve` ({result['server']}), {result['duration']} s per run\n")
    print("| scenario | connections | requests/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | "
          "socket errors | load avg (1/5/15 min) before |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in result["runs"]:
        if "skipped" in r:
            print(f"| {r['scenario']} | {r['connections']} | skipped: {r['skipped']} |||||||||")
            continue
        print(f"| {r['scenario']} | {r['connections']} | {r['rps']:.1f} | {r['p50_us'] / 1000:.1f} | "
              f"{r['p95_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['max_us'] / 1000:.1f} | "
              f"{r['requests']:,} | "
              f"{r['non_2xx']} | {r['socket_errors'] + r['timeouts']} | {r['loadavg']} |")
    if result.get("side_by_side"):
        print("\n## Side by side, one request at a time: in-process (Django test Client) vs the SQL alone "
              "(psycopg)\n")
        print("| scenario | URL | rows in scope | request p50 ms | request p95 ms | queries | "
              "case rows SQL ms | COUNT(*) SQL ms |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for r in result["side_by_side"]:
            print(f"| {r['scenario']} | `{r['url']}` | {r['count'] or 0:,} | {r['p50_ms']:.1f} | "
                  f"{r['p95_ms']:.1f} | "
                  f"{r['queries']} | {r['rows_sql_p50_ms']:.1f} | {r['count_sql_p50_ms']:.1f} |")
    if result.get("list_alternatives"):
        print("\n## The Open311 list's queries (ORM, in-process): the code against what it replaced\n")
        print("| role | variant | list | rows p50 ms | rows p95 ms | COUNT p50 ms | COUNT p95 ms |")
        print("|---|---|---|---:|---:|---:|---:|")
        for r in result["list_alternatives"]:
            print(f"| {r['scenario']} | {r['variant']} | {r['list']} | {r['rows_p50_ms']:.1f} | "
                  f"{r['rows_p95_ms']:.1f} | {r['count_p50_ms']:.1f} | {r['count_p95_ms']:.1f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description="案件上报与列表的负载基准"
                                                 "（PostgreSQL，wrk 对 zhenxing serve）")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"库名（须以 zx_bench_ 开头），默认 {DEFAULT_DB}")
    parser.add_argument("--skip-load", action="store_true", help="沿用已生成的库，不重新生成")
    parser.add_argument("--scale", type=int, default=100, help="区县数（组织树规模），默认 100")
    parser.add_argument("--cases", type=int, default=1_000_000, help="案件数，默认 1,000,000（一年）")
    parser.add_argument("--duration", type=int, default=30, help="每次 wrk 运行秒数")
    parser.add_argument("--connections", type=int, nargs="+", default=[4, 16], help="wrk 并发连接数")
    parser.add_argument("--scenarios", nargs="+", default=["intake", "api_street", "api_dept", "api_county",
                                                            "page_street"])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数（2 核：2）")
    parser.add_argument("--threads", type=int, default=4, help="每进程线程数")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--runs", type=int, default=7, help="对比测量中每个 URL 的计时次数")
    parser.add_argument("--no-alternatives", action="store_true", help="不做进程内对比测量")
    parser.add_argument("--no-load-test", action="store_true", help="不跑 wrk（只生成数据或只做对比）")
    args = parser.parse_args(argv)
    db_name = common.db_name_for(0, args.db)
    common.server_url()
    result = {"db": db_name, "duration": args.duration, "runs": [],
              "server": f"gunicorn {args.workers} workers x {args.threads} threads"}
    if not args.skip_load:
        result["load"] = generate(db_name, args.scale, args.cases)
    ctx = ensure_users(db_name)
    scen = {k: v for k, v in scenarios(ctx).items() if k in args.scenarios}
    from django.db import connection

    connection.close()
    if not args.no_load_test:
        proc = start_server(db_name, args.port, args.workers, args.threads)
        try:
            for name, reqs in scen.items():
                checks = [verify(args.port, r) for r in (reqs if name != "intake" else reqs[:3])]
                bad = [(r["path"], s) for r, (s, _) in zip(reqs, checks, strict=False) if not 200 <= s < 300]
                size = sum(b for _, b in checks) // len(checks)
                print(f"  {name}: {len(reqs)} 种请求，验证 {len(checks)} 个，状态 "
                      f"{sorted({s for s, _ in checks})}，{size:,} 字节/个", file=sys.stderr, flush=True)
                for c in args.connections:
                    if bad:
                        result["runs"].append({"scenario": name, "connections": c,
                                               "skipped": f"HTTP {bad[:3]}"})
                        continue
                    before = loadavg()
                    r = run_wrk(args.port, reqs, c, args.duration, threads=2)
                    result["runs"].append({"scenario": name, "connections": c, "loadavg": before, **r})
                    print(f"    c={c:<3} {r['rps']:8.1f} req/s  p50 {r['p50_us'] / 1000:7.1f}  "
                          f"p95 {r['p95_us'] / 1000:7.1f}  p99 {r['p99_us'] / 1000:7.1f} ms  "
                          f"non-2xx {r['non_2xx']}  load {before}", file=sys.stderr, flush=True)
        finally:
            stop_server(proc)
    if not args.no_alternatives:
        print("  进程内对比 …", file=sys.stderr, flush=True)
        result["side_by_side"] = side_by_side(ctx, scen, args.runs)
        result["list_alternatives"] = list_alternatives(args.runs)
    stamp = datetime.now(SHANGHAI).astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    out = common.OUT_DIR / f"cases_{stamp}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    print_tables(result)
    print(f"\n原始数据：{out}")


if __name__ == "__main__":
    main()
