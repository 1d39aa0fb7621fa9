#!/bin/sh
# Tools for bench/gis.py: ogr2ogr (gdal-bin) and PostGIS for the PostgreSQL 15 server, from Debian.
# Run by hand before the GIS benchmark (needs root); CI does not run it and the app does not need it.
#
#   sh bench/setup_gis.sh [DATABASE ...]    # default: zx_bench_gis_import zx_bench_gis_x100
#
# The server is DATABASE_URL's (default postgres://postgres@127.0.0.1:5432); each named database
# is created if missing and gets the postgis extension (`gis.py generate` drops and re-creates the
# bench databases and creates the extension again itself; this checks that it can).
set -eu

SERVER="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
SERVER="${SERVER%/*}"
export PGOPTIONS="-c client_min_messages=warning"

if ! command -v ogr2ogr >/dev/null 2>&1 || ! dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
        gdal-bin postgresql-15-postgis-3
fi
ogr2ogr --version

[ "$#" -gt 0 ] || set -- zx_bench_gis_import zx_bench_gis_x100
for db in "$@"; do
    case "$db" in
        zx_bench_gis*) ;;
        *) echo "database names must start with zx_bench_gis (got $db)" >&2; exit 1 ;;
    esac
    if ! psql "$SERVER/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        psql "$SERVER/postgres" -qc "CREATE DATABASE \"$db\""
    fi
    psql "$SERVER/$db" -qc "CREATE EXTENSION IF NOT EXISTS postgis"
    psql "$SERVER/$db" -Atc "SELECT '$db: PostGIS ' || postgis_full_version()" | cut -c1-100
done
