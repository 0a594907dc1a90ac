"""The connection pool on real PostgreSQL: a dropped connection costs no request, a busy one no ping."""
import time

import psycopg
from sqlalchemy import text

from qms_shared import testing
from qms_shared.db import Database


def _backend_pid(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_the_server_dropped_while_idle_is_replaced_before_use(database_url):
    db = Database(database_url, pool_size=1, ping_after_idle=0.05)
    try:
        pid = _backend_pid(db)
        with psycopg.connect(testing.PG_ADMIN_URL, autocommit=True) as admin:  # as a server restart would
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0] is True
        time.sleep(0.1)
        assert _backend_pid(db) != pid  # no error reached the caller: a new connection took over
    finally:
        db.dispose()


def test_only_a_connection_idle_for_a_while_is_pinged(database_url):
    db = Database(database_url, pool_size=1, ping_after_idle=0.3)
    pings = []
    real_ping = db.engine.dialect.do_ping
    db.engine.dialect.do_ping = lambda conn: pings.append(1) or real_ping(conn)
    try:
        for _ in range(5):  # back to back, as under load: the same connection, no ping
            _backend_pid(db)
        assert pings == []
        time.sleep(0.4)
        _backend_pid(db)
        assert pings == [1]
    finally:
        db.dispose()
