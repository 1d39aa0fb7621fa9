"""Generate a province-sized org tree and its people into a fresh PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        /work/venv/bin/python bench/province.py --scale 10

Scale 1 is one demo-sized district (10 streets, 142 villages, 49,984 households, ~140,000 persons,
~3,000 party members); scale N is N such districts (区县) spread over Liaoning's 14 cities, eight
per city. The database `zx_bench_x<scale>` is dropped and created, migrated with `zhenxing migrate`,
and filled with COPY (the tree, party organisations, cadre posts) and INSERT … SELECT over
generate_series (households, persons, party members): no ORM, no per-row Python for the big tables.

Bench shortcuts (the data is synthetic and marked so):
- every person's `id_number_enc` / `phone_enc` is the same Fernet token (one synthetic number
  encrypted once), because encrypting 14M values row by row would take hours; `id_number_hash`
  and `id_number_masked` are distinct per person, so indexes and lookups see realistic
  cardinality, but the hash is not the application's keyed hash of a real number.
- while loading, foreign-key triggers are off (session_replication_role = replica) and the
  secondary indexes and unique constraints of the big tables are dropped, then rebuilt from the
  definitions the migrations created; the foreign keys themselves stay in place.
"""

import argparse
import sys
import time
from datetime import date

import psycopg

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
import common  # noqa: E402

DISTRICT_STREETS = 10
VILLAGES_PER_STREET = [15, 15, 14, 14, 14, 14, 14, 14, 14, 14]  # 142 villages
DEVELOPMENT_VILLAGES = 83  # per district: the first 83 villages in code order
HOUSEHOLDS_PER_VILLAGE = 352  # 142 x 352 = 49,984 households per district
GROUPS_PER_VILLAGE = 5
GRIDS_PER_VILLAGE = 3
COUNTIES_PER_CITY = 8
STREET_LEADERS = 8  # 78 per district in the seed; 8 per street here
TWO_COMMITTEE = 5  # 712 / 142
# Household sizes cycle over ten households (mean 2.8 persons: 140,000 / 50,000 in the seed).
SIZES = [3, 2, 4, 3, 1, 3, 4, 2, 3, 3]
PREFIX = [sum(SIZES[:i]) for i in range(10)]
CYCLE = sum(SIZES)  # 28

CITIES = [
    ("2101", "沈阳市"), ("2102", "大连市"), ("2103", "鞍山市"), ("2104", "抚顺市"), ("2105", "本溪市"),
    ("2106", "丹东市"), ("2107", "锦州市"), ("2108", "营口市"), ("2109", "阜新市"), ("2110", "辽阳市"),
    ("2111", "盘锦市"), ("2112", "铁岭市"), ("2113", "朝阳市"), ("2114", "葫芦岛市"),
]
SYLLABLES = "东西南北前后上下大小新老高长安兴隆台马刚财落孟家姚达连古城河洋柳树杨王李张"


def place_name(n: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(SYLLABLES[n % len(SYLLABLES)])
        n = n // len(SYLLABLES) + 7
    return "".join(chars)


def head_person_id(household_id: int) -> int:
    """Person ids are assigned in household order, so the head of any household is computable."""
    i = household_id - 1
    return CYCLE * (i // 10) + PREFIX[i % 10] + 1


class Tree:
    """The org units, party organisations and cadre posts (small enough for Python), as COPY rows."""

    def __init__(self, scale: int):
        from zhenxing.orgs import codes

        self.codes = codes
        self.units: list[tuple] = []  # id, code, name, level, parent_id, path, development, synthetic
        self.party: list[tuple] = []  # id, name, kind, org_unit_id, parent_id, path, synthetic
        self.villages: list[tuple] = []  # village_id, vidx, branch_id, path, grid ids, grid paths, group ids
        self.posts: list[tuple] = []  # person, post, title, unit, path, sending unit, familiar, started
        self.counties: list[str] = []
        self._build(scale)

    def _unit(self, code, name, parent_id, development=False) -> tuple[int, str]:
        uid = len(self.units) + 1
        path = self.codes.path_for(code)
        self.units.append((uid, code, name, self.codes.level_of(code), parent_id, path, development, True))
        return uid, path

    def _party(self, name, kind, unit_id, parent_id, path) -> int:
        pid = len(self.party) + 1
        self.party.append((pid, name, kind, unit_id, parent_id, path, True))
        return pid

    def _post(self, person, post, title, unit_id, path, sending="", familiar=False):
        self.posts.append((person, post, title, unit_id, path, sending, familiar, date(2021, 1, 1)))

    def _build(self, scale: int):
        province_id, _ = self._unit("210000000000", "辽宁省", None)
        city_ids: dict[str, int] = {}
        vidx = 0
        for j in range(scale):
            city_code, city_name = CITIES[j // COUNTIES_PER_CITY % len(CITIES)]
            if j // COUNTIES_PER_CITY >= len(CITIES):
                sys.exit(f"规模 {scale} 超过 {len(CITIES) * COUNTIES_PER_CITY} 个区县的编码容量")
            if city_code not in city_ids:
                city_ids[city_code], _ = self._unit(city_code + "00000000", city_name, province_id)
            county_code = f"{city_code}{j % COUNTIES_PER_CITY + 1:02d}000000"
            self.counties.append(county_code)
            county_id, county_path = self._unit(county_code, f"合成{j + 1}区", city_ids[city_code])
            committee = self._party(f"合成{j + 1}区委", "district_committee", county_id, None, county_path)
            village_in_county = 0
            for s in range(DISTRICT_STREETS):
                street_code = f"{county_code[:6]}{s + 1:03d}000"
                street_name = place_name(j * 31 + s, 2) + "街道"
                street_id, street_path = self._unit(street_code, street_name, county_id)
                street_committee = self._party(f"{street_name}党工委", "street_committee", street_id,
                                               committee, street_path)
                first_household = vidx * HOUSEHOLDS_PER_VILLAGE + 1
                self._post(head_person_id(first_household + 10), "street_secretary", "党工委书记", street_id,
                           street_path, familiar=True)
                for k in range(STREET_LEADERS):
                    self._post(head_person_id(first_household + 11 + k), "street_leader", "班子成员",
                               street_id, street_path, familiar=k % 10 < 7)
                for v in range(VILLAGES_PER_STREET[s]):
                    self._village(street_code, street_id, street_committee, j, s, v, vidx,
                                  development=village_in_county < DEVELOPMENT_VILLAGES)
                    vidx += 1
                    village_in_county += 1

    def _village(self, street_code, street_id, street_committee, j, s, v, vidx, development):
        code = f"{street_code[:9]}{201 + v:03d}"
        name = place_name(vidx * 7 + 3, 3) + "村"
        village_id, path = self._unit(code, name, street_id, development)
        branch = self._party(f"{name}党支部", "village_branch", village_id, street_committee, path)
        groups = [self._unit(f"{code}Z{g + 1:03d}", f"{name}{g + 1}组", village_id)[0]
                  for g in range(GROUPS_PER_VILLAGE)]
        grids = [self._unit(f"{code}G{g + 1:03d}", f"{name}第{g + 1}网格", village_id)
                 for g in range(GRIDS_PER_VILLAGE)]
        self.villages.append((village_id, vidx, branch, path, [g[0] for g in grids], [g[1] for g in grids],
                              groups))
        first = vidx * HOUSEHOLDS_PER_VILLAGE + 1
        self._post(head_person_id(first), "village_secretary", "村党组织书记", village_id, path,
                   familiar=True)
        for k in range(TWO_COMMITTEE):
            self._post(head_person_id(first + 1 + k), "two_committee", "村委委员", village_id, path,
                       familiar=True)
        if development:
            self._post(head_person_id(first + 6), "first_secretary", "驻村第一书记", village_id, path,
                       sending="合成派出单位", familiar=True)
        for g, (grid_id, grid_path) in enumerate(grids):
            self._post(head_person_id(first + 7 + g), "grid_worker", "网格员", grid_id, grid_path)


def copy_rows(cur, table: str, columns: list[str], rows) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


BIG_TABLES = ["people_household", "people_person", "people_partymember", "people_cadrepost"]


def drop_secondary_indexes(cur) -> list[str]:
    """Drop unique constraints and plain indexes of the big tables; return the SQL that rebuilds them."""
    rebuild = []
    for table in BIG_TABLES:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'u'", [table])
        for name, definition in cur.fetchall():
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
        for name, definition in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
    return rebuild


HOUSEHOLDS_SQL = f"""
INSERT INTO people_household (id, number, village_id, group_id, grid_id, path, address, head_id,
                              collective_member, synthetic, created_at)
SELECT v.vidx * {HOUSEHOLDS_PER_VILLAGE} + n + 1, u.code || lpad(n::text, 5, '0'), v.village_id,
       v.group_ids[1 + n %% {GROUPS_PER_VILLAGE}], v.grid_ids[1 + n %% {GRIDS_PER_VILLAGE}],
       v.grid_paths[1 + n %% {GRIDS_PER_VILLAGE}], u.name || (n + 1) || '号',
       {CYCLE} * ((v.vidx * {HOUSEHOLDS_PER_VILLAGE} + n) / 10)
         + (ARRAY{PREFIX})[1 + (v.vidx * {HOUSEHOLDS_PER_VILLAGE} + n) %% 10] + 1,
       n %% 20 <> 0, true, now()
FROM bench_village v JOIN orgs_orgunit u ON u.id = v.village_id
CROSS JOIN generate_series(0, {HOUSEHOLDS_PER_VILLAGE - 1}) n
WHERE v.vidx >= %s AND v.vidx < %s
"""

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董曲关佟付白崔")
GIVEN_1 = list("国建志秀玉桂淑丽凤春海永德明文金宝成庆立红英振兴福")
GIVEN_2 = list("华军平芳杰强梅霞娟刚伟敏静鹏涛斌辉林波宇飞勇超艳")

PERSONS_SQL = f"""
INSERT INTO people_person (id, name, gender, birth_date, ethnicity, education, political_status,
                           id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_masked,
                           household_id, relation, org_unit_id, village_id, path, collective_member,
                           user_id, synthetic)
SELECT p.id,
       (%(surnames)s::text[])[1 + r %% {len(SURNAMES)}]
         || (%(given1)s::text[])[1 + (r / 37) %% {len(GIVEN_1)}]
         || CASE WHEN r %% 3 = 0 THEN '' ELSE (%(given2)s::text[])[1 + (r / 997) %% {len(GIVEN_2)}] END,
       CASE WHEN k = 0 THEN (CASE WHEN h.id %% 6 = 0 THEN 'F' ELSE 'M' END)
            WHEN k = 1 THEN (CASE WHEN h.id %% 6 = 0 THEN 'M' ELSE 'F' END)
            ELSE (CASE WHEN r %% 2 = 0 THEN 'M' ELSE 'F' END) END,
       CASE WHEN k <= 1 THEN date '1945-01-01' + (r %% 16425)::int
            WHEN k = 2 THEN date '1975-01-01' + (r %% 17500)::int
            ELSE date '1928-01-01' + (r %% 7300)::int END,
       CASE WHEN r %% 10 = 0 THEN '满族' ELSE '汉族' END,
       (ARRAY['none','primary','junior','junior','senior','senior','college','bachelor'])[1 + (r / 7) %% 8],
       CASE WHEN p.id %% 47 = 0 THEN 'cpc' WHEN p.id %% 997 = 1 THEN 'probationary'
            WHEN k = 2 AND r %% 9 = 0 THEN 'cyl' ELSE 'masses' END,
       %(id_token)s, encode(sha256(('zx-bench-id:' || p.id)::bytea), 'hex'),
       substr(h.path, 4, 4) || '**********' || lpad((p.id %% 10000)::text, 4, '0'),
       %(phone_token)s, '138****' || lpad((r %% 10000)::text, 4, '0'),
       h.id, (ARRAY['head','spouse','child','parent'])[k + 1], h.grid_id, h.village_id, h.path,
       h.collective_member, NULL, true
FROM people_household h
CROSS JOIN LATERAL generate_series(0, (ARRAY{SIZES})[1 + (h.id - 1) %% 10] - 1) k
CROSS JOIN LATERAL (SELECT {CYCLE} * ((h.id - 1) / 10) + (ARRAY{PREFIX})[1 + (h.id - 1) %% 10] + 1 + k
                    AS id) p
CROSS JOIN LATERAL (SELECT (p.id * 7919 + 104729) %% 1000003 AS r) rnd
WHERE h.id >= %(lo)s AND h.id < %(hi)s
"""

PARTY_MEMBERS_SQL = """
INSERT INTO people_partymember (person_id, branch_id, classification, joined_on, probationary, path)
SELECT p.id, v.branch_id,
       (ARRAY['in_village','in_village','mobile','elderly_infirm','cadre','pioneer'])[1 + (p.id / 47) % 6],
       date '1970-07-01' + ((p.id / 47) % 18000)::int, p.political_status = 'probationary', p.path
FROM people_person p JOIN bench_village v ON v.village_id = p.village_id
WHERE p.political_status IN ('cpc', 'probationary')
"""


def step(label: str):
    class _Timer:
        def __enter__(self):
            self.t = time.perf_counter()
            print(f"  {label} …", end="", flush=True)

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.t:.1f} s", flush=True)

    return _Timer()


def create_database(db_name: str) -> None:
    with psycopg.connect(common.maintenance_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')


def synthetic_tokens() -> tuple[str, str]:
    from zhenxing.core import personal
    from zhenxing.core.idcard import make_id_number

    id_number = make_id_number("210113", date(1970, 1, 1), 1, "M")
    return personal.encrypt(id_number), personal.encrypt("13800000000")


def generate(scale: int, db_name: str, households_only: bool, batch_villages: int) -> dict:
    started = time.perf_counter()
    print(f"规模 {scale}x → 数据库 {db_name}", flush=True)
    with step("建库并迁移 (zhenxing migrate)"):
        create_database(db_name)
        common.migrate(db_name)
    common.setup_django(db_name)
    id_token, phone_token = synthetic_tokens()
    with step("生成组织树 (Python)"):
        tree = Tree(scale)
    with psycopg.connect(common.url_for(db_name)) as conn, conn.cursor() as cur:
        # FK triggers off: the rows are consistent by construction
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET synchronous_commit = off")
        with step(f"COPY 组织单元 {len(tree.units):,} / 党组织 {len(tree.party):,}"):
            # boundary: NOT NULL without a database default since the village boundary was added
            copy_rows(cur, "orgs_orgunit", ["id", "code", "name", "level", "parent_id", "path",
                                            "development_village", "synthetic", "boundary"],
                      (u + ("",) for u in tree.units))
            copy_rows(cur, "orgs_partyorg", ["id", "name", "kind", "org_unit_id", "parent_id", "path",
                                             "synthetic"], tree.party)
            cur.execute("CREATE UNLOGGED TABLE bench_village (village_id bigint PRIMARY KEY, vidx int, "
                        "branch_id bigint, path text, grid_ids bigint[], grid_paths text[], "
                        "group_ids bigint[])")
            copy_rows(cur, "bench_village", ["village_id", "vidx", "branch_id", "path", "grid_ids",
                                             "grid_paths", "group_ids"], tree.villages)
        rebuild = drop_secondary_indexes(cur)
        conn.commit()
        n_villages = len(tree.villages)
        with step(f"户 {n_villages * HOUSEHOLDS_PER_VILLAGE:,} (INSERT … SELECT)"):
            for lo in range(0, n_villages, batch_villages):
                cur.execute(HOUSEHOLDS_SQL, [lo, lo + batch_villages])
                conn.commit()
        if not households_only:
            params = {"surnames": SURNAMES, "given1": GIVEN_1, "given2": GIVEN_2, "id_token": id_token,
                      "phone_token": phone_token}
            step_households = batch_villages * HOUSEHOLDS_PER_VILLAGE
            total_h = n_villages * HOUSEHOLDS_PER_VILLAGE
            with step(f"人员 ~{total_h * CYCLE // 10:,} (INSERT … SELECT)"):
                for lo in range(1, total_h + 1, step_households):
                    cur.execute(PERSONS_SQL, {**params, "lo": lo, "hi": lo + step_households})
                    conn.commit()
            with step("党员 (INSERT … SELECT)"):
                cur.execute(PARTY_MEMBERS_SQL)
            with step(f"干部岗位 {len(tree.posts):,} (COPY)"):
                copy_rows(cur, "people_cadrepost",
                          ["person_id", "post", "title", "org_unit_id", "path", "sending_unit",
                           "familiar_with_agriculture", "started_on"], tree.posts)
            conn.commit()
        with step(f"重建 {len(rebuild)} 个索引与唯一约束"):
            for sql in rebuild:
                cur.execute(sql)
            conn.commit()
        cur.execute("DROP TABLE bench_village")
        for table in ["orgs_orgunit", "orgs_partyorg", *BIG_TABLES]:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"GREATEST((SELECT max(id) FROM {table}), 1))")
        conn.commit()
    with step("VACUUM ANALYZE"), psycopg.connect(common.url_for(db_name), autocommit=True) as conn:
        for table in ["orgs_orgunit", "orgs_partyorg", *BIG_TABLES]:
            conn.execute(f"VACUUM ANALYZE {table}")
    return summary(db_name, scale, time.perf_counter() - started)


def align_collations(db_name: str) -> None:
    """Give an existing bench database the column collations the current models declare.

    The path columns became COLLATE "C" (core.paths.PathField) after the first bench databases
    were generated; the migration was regenerated under the same name, so `zhenxing migrate` sees
    nothing to apply. Changing only the collation rewrites no table, but rebuilds the column's
    indexes and drops its statistics, hence the ANALYZE.
    """
    from django.apps import apps
    from django.db import connection

    common.setup_django(db_name)
    changes = []
    for model in apps.get_models():
        for f in model._meta.local_fields:
            collation = f.db_parameters(connection).get("collation")
            if collation:
                changes.append((model._meta.db_table, f.column, f.db_type(connection), collation))
    with psycopg.connect(common.url_for(db_name)) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        for table, column, db_type, collation in changes:
            cur.execute("SELECT collation_name FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = %s AND column_name = %s", [table, column])
            if cur.fetchone()[0] == collation:
                continue
            with step(f'{table}.{column} → COLLATE "{collation}"'):
                cur.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {db_type} COLLATE "{collation}"')
                conn.commit()
                cur.execute(f"ANALYZE {table}")
                conn.commit()


def summary(db_name: str, scale: int, seconds: float) -> dict:
    with psycopg.connect(common.url_for(db_name)) as conn:
        counts = {}
        for label, sql in [
            ("counties", "SELECT count(*) FROM orgs_orgunit WHERE level = 'county'"),
            ("streets", "SELECT count(*) FROM orgs_orgunit WHERE level = 'town'"),
            ("villages", "SELECT count(*) FROM orgs_orgunit WHERE level = 'village'"),
            ("households", "SELECT count(*) FROM people_household"),
            ("persons", "SELECT count(*) FROM people_person"),
            ("party_members", "SELECT count(*) FROM people_partymember"),
            ("cadre_posts", "SELECT count(*) FROM people_cadrepost"),
        ]:
            counts[label] = conn.execute(sql).fetchone()[0]
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    print(f"完成：{seconds:.0f} s，库大小 {size}")
    print("  " + "，".join(f"{k} {v:,}" for k, v in counts.items()))
    return {"scale": scale, "seconds": seconds, "size": size, **counts}


def main(argv=None):
    parser = argparse.ArgumentParser(description="生成省级规模的基准测试数据（PostgreSQL）")
    parser.add_argument("--scale", type=int, required=True, help="区县数：1 = 一个演示区县，100 ≈ 一个省")
    parser.add_argument("--db", help="库名（须以 zx_bench_ 开头），默认 zx_bench_x<规模>")
    parser.add_argument("--households-only", action="store_true", help="只生成组织树和户，不生成人员")
    parser.add_argument("--batch-villages", type=int, default=1420, help="每批插入的村数（每批一个事务）")
    parser.add_argument("--align-only", action="store_true",
                        help="不重新生成：只把已有库的列排序规则改成当前模型声明的（如路径列 COLLATE \"C\"）")
    args = parser.parse_args(argv)
    if args.scale < 1:
        sys.exit("规模至少为 1")
    if args.align_only:
        align_collations(common.db_name_for(args.scale, args.db))
        return
    generate(args.scale, common.db_name_for(args.scale, args.db), args.households_only, args.batch_villages)


if __name__ == "__main__":
    main()
