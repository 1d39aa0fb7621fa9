"""A consistent copy of the whole database and its row counts: SQLite through the online backup API,
PostgreSQL through `pg_dump` in the custom format, taken from the same snapshot the counts read."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, transaction

# Filled by `migrate` itself, so a freshly migrated database still counts as empty.
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class SnapshotError(Exception):
    """Why the database could not be copied or restored, in Chinese."""


def vendor() -> str:
    if connection.vendor not in FILES:
        raise SnapshotError(f"不支持备份此类数据库（{connection.vendor}），只支持 SQLite 和 PostgreSQL")
    return connection.vendor


def counts() -> dict[str, int]:
    """Rows of every table, as this connection sees them."""
    with connection.cursor() as cur:
        tables = sorted(connection.introspection.table_names(cur))
        found = {}
        for table in tables:
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            found[table] = cur.fetchone()[0]
    return found


def tables_with_data() -> list[str]:
    """The tables that hold data (none: the database may be restored into)."""
    return [t for t, n in counts().items() if n and t not in SCHEMA_TABLES]


def dump(target: Path) -> tuple[str, dict[str, int]]:
    """Write the snapshot into the directory `target`; its file name and the row counts it holds."""
    kind = vendor()
    name = FILES[kind]
    if kind == "sqlite":
        connection.ensure_connection()
        out = sqlite3.connect(target / name)
        try:
            connection.connection.backup(out)
            cur = out.cursor()
            tables = [r[0] for r in cur.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            rows = {t: cur.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
        finally:
            out.close()
        return name, rows
    if connection.in_atomic_block:  # cannot open our own snapshot; the dump and counts may differ
        rows = counts()
        _pg("pg_dump", ["--format=custom", "--no-owner", "--file", str(target / name)], target)
        return name, rows
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
        rows = counts()
        _pg("pg_dump", ["--format=custom", "--no-owner", f"--snapshot={snapshot}",
                        "--file", str(target / name)], target)
    return name, rows


def load(source: Path, *, replace: bool) -> None:
    """Put a snapshot made by `dump` into this database (`replace`: drop what is there first)."""
    kind = vendor()
    if kind == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
        connection.close()
        return
    connection.close()  # pg_restore must not wait on our locks
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        args += ["--clean", "--if-exists"]
    _pg("pg_restore", [*args, str(source)], source.parent)


def _pg(tool: str, args: list[str], log_dir: Path) -> None:
    exe = shutil.which(tool)
    if exe is None:
        raise SnapshotError(f"找不到 {tool}：请安装与数据库版本相同的 PostgreSQL 客户端"
                            f"（如 postgresql-client），并确认它在 PATH 中")
    db = connection.settings_dict
    conn = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        conn += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        conn += ["--port", str(db["PORT"])]
    if db.get("USER"):
        conn += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    done = subprocess.run([exe, *args, *conn], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        log = log_dir / f"{tool}.log"
        log.write_text(done.stderr)
        raise SnapshotError(f"{tool} 执行失败（退出码 {done.returncode}），"
                            f"详细信息已写入备份目录中的 {log.name}")
