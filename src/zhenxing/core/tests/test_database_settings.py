"""How the app rides out a database restart: a connection kept between requests (CONN_MAX_AGE) is checked
before a request reuses it, so that one that died with the server is replaced, not answered with a 500."""

import json
import os
import subprocess
import sys


def test_a_kept_postgresql_connection_is_checked_before_a_request_reuses_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ZHENXING_CONN_MAX_AGE"}
    env.update(DATABASE_URL="postgres://zhenxing@127.0.0.1:5432/zhenxing", ZHENXING_DATA_DIR=str(tmp_path))
    code = ("import json; from zhenxing import settings as s; d = s.DATABASES['default']; "
            "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [60, True]
