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


def test_json_columns_keep_what_json_did_and_refuse_what_it_refused(database_url):
    from datetime import date

    import pytest
    from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert, select
    from sqlalchemy.dialects.postgresql import JSONB

    table = Table("json_codec_probe", MetaData(), Column("id", Integer, primary_key=True),
                  Column("plain", JSON), Column("binary", JSONB))
    db = Database(database_url)
    values = {"名": "华强", "nested": [1, 2.5, None, True], 7: "an int key, written as text", "big": 2**70}
    try:
        with db.engine.begin() as conn:
            table.create(conn)
            conn.execute(insert(table), [{"id": 1, "plain": values, "binary": values}])
            row = conn.execute(select(table.c.plain, table.c.binary)).one()
            expected = {**{k: v for k, v in values.items() if k != 7}, "7": values[7]}
            assert row.plain == expected and row.binary == expected  # 2**70 exact, through json's fallback
            assert conn.execute(select(table.c.plain["big"].as_string())).scalar_one() == str(2**70)
            with pytest.raises(TypeError, match="date is not JSON serializable"):  # as json.dumps always said
                conn.execute(insert(table), [{"id": 2, "plain": {"on": date(2026, 3, 2)}, "binary": {}}])
            conn.rollback()
    finally:
        db.dispose()


def test_advisory_locks_shared_ones_exclude_only_exclusive_ones(database_url):
    import pytest
    from qms_shared.db import NotPostgres, advisory_xact_lock, advisory_xact_locks
    db = Database(database_url)
    first, second = db.session(), db.session()
    try:
        second.execute(text("SET lock_timeout = '200ms'"))
        advisory_xact_locks(first, ["customer:C-1", "product:P-1"], shared=True)
        advisory_xact_locks(second, ["product:P-1"], shared=True)  # shared with shared: no wait
        second.rollback()
        second.execute(text("SET lock_timeout = '200ms'"))
        with pytest.raises(Exception, match="lock timeout"):
            advisory_xact_locks(second, ["product:P-1"])  # exclusive waits for the shared holder
        second.rollback()
        first.rollback()  # the transaction's end releases them
        second.execute(text("SET lock_timeout = '200ms'"))
        advisory_xact_lock(second, "product:P-1")
        assert second.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                   "AND pid = pg_backend_pid()")).scalar_one() == 1
    finally:
        first.close()
        second.close()
        db.dispose()
    with pytest.raises(NotPostgres, match="must be a PostgreSQL URL"):
        Database("sqlite:///x.db")
