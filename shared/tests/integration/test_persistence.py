"""insert_new on real PostgreSQL: the rows it writes are the rows the ORM's flush would have written."""
import json
import uuid

import psycopg
import pytest
from sqlalchemy import (JSON, Column, ForeignKey, Integer, MetaData, String, Table, Uuid, create_engine, event, select,
                        text)
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.orm import Session, registry, relationship

from qms_shared import testing
from qms_shared.config import Config
from qms_shared.db import Database, new_metadata
from qms_shared.persistence import driver_connection, insert_new, run_sql, run_sql_together
from qms_shared.uow import OUTBOX_CHANNEL, MessagingTables, SqlUnitOfWork

metadata = new_metadata()  # with the outbox, for the unit of work's tests
orders = Table("pt_orders", metadata, Column("id", Uuid, primary_key=True), Column("customer", String(50)),
               Column("tags", JSON, nullable=False, default=list),
               Column("state", String(10), nullable=False, server_default=text("'open'")),
               Column("version", Integer, nullable=False))
lines = Table("pt_lines", metadata, Column("id", Uuid, primary_key=True),
              Column("order_id", Uuid, ForeignKey("pt_orders.id"), nullable=False),
              Column("product", String(50), nullable=False), Column("quantity", Integer, nullable=False))
notes = Table("pt_notes", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
              Column("line_id", Uuid, ForeignKey("pt_lines.id"), nullable=False), Column("text", String(50)))
customers = Table("pt_customers", metadata, Column("id", Integer, primary_key=True))
invoices = Table("pt_invoices", metadata, Column("id", Uuid, primary_key=True),
                 Column("customer_id", Integer, ForeignKey("pt_customers.id")))


class Order:
    def __init__(self, id, customer, lines, tags=None, state=None):
        self.id, self.customer, self.lines, self.tags, self.state, self.version = id, customer, lines, tags, state, 1


class Line:
    def __init__(self, product, quantity, notes=()):
        self.id, self.product, self.quantity, self.notes = uuid.uuid4(), product, quantity, list(notes)


class Note:
    def __init__(self, text):
        self.id, self.text = None, text


class Customer:
    pass


class Invoice:
    def __init__(self, id):
        self.id, self.customer = id, None


mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(Note, notes)
mapper_registry.map_imperatively(Line, lines, properties={
    "notes": relationship(Note, cascade="all, delete-orphan", order_by=notes.c.id)})
mapper_registry.map_imperatively(Order, orders, version_id_col=orders.c.version, version_id_generator=False,
                                 properties={"lines": relationship(Line, cascade="all, delete-orphan",
                                                                   order_by=lines.c.id)})
mapper_registry.map_imperatively(Customer, customers)
mapper_registry.map_imperatively(Invoice, invoices, properties={"customer": relationship(Customer)})


@pytest.fixture(scope="module")
def url():
    url = testing.fresh_database("qms_shared_persistence_test")
    yield url
    testing.drop_database("qms_shared_persistence_test")


@pytest.fixture(scope="module")
def engine(url):
    engine = create_engine(url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_the_root_row_its_children_and_theirs_are_written_with_their_keys_and_defaults(engine):
    order_id = uuid.uuid4()
    order = Order(order_id, "Acme", [Line("M-1", 5, [Note("fragile"), Note("urgent")]), Line("M-2", 7)])
    with Session(engine) as session:
        insert_new(session, order)
        session.commit()
    with Session(engine) as session:
        loaded = session.get(Order, order_id)
        assert (loaded.customer, loaded.tags, loaded.state, loaded.version) == ("Acme", [], "open", 1)
        assert sorted((line.product, line.quantity) for line in loaded.lines) == [("M-1", 5), ("M-2", 7)]
        assert {line.id for line in loaded.lines} == {line.id for line in order.lines}
        notes_by_product = {line.product: [n.text for n in line.notes] for line in loaded.lines}
        assert notes_by_product == {"M-1": ["fragile", "urgent"], "M-2": []}  # in order: ids follow the list


def test_nothing_is_written_when_the_transaction_rolls_back(engine):
    order_id = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(order_id, "Acme", [Line("M-1", 1)]))
        session.rollback()
    with Session(engine) as session:
        assert session.get(Order, order_id) is None


def test_a_refused_row_raises_sqlalchemys_integrity_error_writes_nothing_and_leaves_the_connection_usable(engine):
    taken = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(taken, "First", []))
        session.commit()
    new_line = Line("M-9", 1)
    with Session(engine) as session:
        with pytest.raises(IntegrityError, match="pk_pt_orders"):
            insert_new(session, Order(taken, "Second", [new_line]))
        session.rollback()
        assert session.get(Order, taken).customer == "First"  # the same session goes on
        assert session.get(Line, new_line.id) is None  # the children of the refused row are not there


def test_an_aggregate_of_many_rows_goes_in_one_statement(engine):
    order_id = uuid.uuid4()  # 60 lines: 240 parameters, past what psycopg caches the parsing of
    order = Order(order_id, "Acme", [Line(f"M-{n}", n) for n in range(60)])
    with Session(engine) as session:
        statements = []
        event.listen(session.connection(), "before_cursor_execute", lambda *args: statements.append(args[2]))
        insert_new(session, order)
        session.commit()
    assert statements == []  # not through SQLAlchemy's cursor: psycopg's RawCursor, $n placeholders
    with Session(engine) as session:
        assert sorted(line.quantity for line in session.get(Order, order_id).lines) == list(range(60))


def test_run_sql_reads_in_the_sessions_transaction_and_raises_sqlalchemys_errors(engine):
    order_id = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(order_id, "Acme", [Line("M-1", 3), Line("M-2", 4)]))
        # not committed yet: only the same transaction sees the rows
        assert run_sql(session, "SELECT count(*), sum(quantity) FROM pt_lines WHERE order_id = $1",
                       (order_id,)) == [(2, 7)]
        assert run_sql(session, "UPDATE pt_orders SET customer = $1 WHERE id = $2", ("Beta", order_id)) == []
        with pytest.raises(IntegrityError, match="not-null"):
            run_sql(session, "UPDATE pt_lines SET product = NULL WHERE order_id = $1", (order_id,))
        session.rollback()
        assert run_sql(session, "SELECT count(*) FROM pt_orders WHERE id = $1", (order_id,)) == [(0,)]


LOCK_ORDER = "SELECT id FROM pt_orders WHERE id = $1 FOR UPDATE"
READ_LINES = "SELECT product, quantity FROM pt_lines WHERE order_id = $1 ORDER BY product"


def test_statements_sent_together_read_what_the_locks_previous_holder_committed(engine):
    import threading
    order_id = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(order_id, "Acme", [Line("M-1", 3)]))
        session.commit()
    with Session(engine) as holder, Session(engine) as waiter:
        run_sql(holder, LOCK_ORDER, (order_id,))
        run_sql(holder, "UPDATE pt_lines SET quantity = 5 WHERE order_id = $1", (order_id,))
        got = []
        reader = threading.Thread(target=lambda: got.append(run_sql_together(
            waiter, [(LOCK_ORDER, (order_id,)), (READ_LINES, (order_id,))])))
        reader.start()
        reader.join(0.3)
        assert reader.is_alive()  # waits for the lock, the read behind it
        holder.commit()
        reader.join(10)
        # the read started once the lock was granted: its snapshot holds the holder's change
        assert got == [[[(order_id,)], [("M-1", 5)]]]
        assert driver_connection(waiter).info.transaction_status.name == "INTRANS"  # BEGIN went with them
        waiter.rollback()


def test_statements_sent_together_raise_sqlalchemys_errors_and_leave_the_session_usable(engine):
    order_id = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(order_id, "Acme", [Line("M-1", 3)]))
        session.commit()
        assert run_sql_together(session, [("SELECT 1", ()), (READ_LINES, (order_id,))]) == [[(1,)], [("M-1", 3)]]
        with pytest.raises(IntegrityError, match="not-null"):
            run_sql_together(session, [(LOCK_ORDER, (order_id,)),
                                       ("UPDATE pt_lines SET product = NULL WHERE order_id = $1", (order_id,))])
        session.rollback()
        assert run_sql_together(session, [(READ_LINES, (order_id,))]) == [[("M-1", 3)]]


def test_a_relationship_to_an_existing_row_is_refused_rather_than_silently_dropped(engine):
    with Session(engine) as session, pytest.raises(NotImplementedError, match="one-to-many"):
        insert_new(session, Invoice(uuid.uuid4()))


def test_a_python_side_default_is_applied_and_a_null_json_is_not_confused_with_a_missing_one(engine):
    order_id = uuid.uuid4()
    order = Order(order_id, None, [])
    order.tags = None  # the column's default (list) applies, as the ORM would do
    with Session(engine) as session:
        insert_new(session, order)
        session.commit()
    with Session(engine) as session:
        loaded = session.get(Order, order_id)
        assert (loaded.customer, loaded.tags, loaded.state) == (None, [], "open")


def test_on_sqlite_the_same_rows_are_written_one_insert_per_table(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    metadata.create_all(engine)
    order_id = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(order_id, "Acme", [Line("M-1", 5, [Note("fragile")])]))
        session.commit()
    with Session(engine) as session:
        loaded = session.get(Order, order_id)
        assert (loaded.tags, loaded.state, [(l.product, [n.text for n in l.notes]) for l in loaded.lines]) == (
            [], "open", [("M-1", ["fragile"])])
    engine.dispose()


def test_the_unit_of_work_writes_a_new_aggregate_with_its_events_at_commit_and_wakes_the_relay(engine, url):
    import psycopg
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    order_id = uuid.uuid4()
    with psycopg.connect(testing.PG_ADMIN_URL.rsplit("/", 1)[0] + "/qms_shared_persistence_test",
                         autocommit=True) as listener:
        listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
        with uow:
            uow.add_new(Order(order_id, "Acme", [Line("M-1", 2)]))
            uow.publish("pt.order.placed", order_id, {"lines": 1})
            assert uow.session.get(Order, order_id) is None  # nothing written before commit
            uow.commit()
        assert [n.channel for n in listener.notifies(timeout=5, stop_after=1)] == [OUTBOX_CHANNEL]
    with Session(engine) as session:
        assert [line.product for line in session.get(Order, order_id).lines] == ["M-1"]
        events = session.execute(select(metadata.tables["outbox"].c.event_type)).scalars().all()
        assert "pt.order.placed" in events
    db.dispose()


def test_a_unit_of_work_left_without_commit_writes_neither_the_aggregate_nor_its_events(engine, url):
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    order_id = uuid.uuid4()
    with uow:
        uow.add_new(Order(order_id, "Acme", []))
        uow.publish("pt.order.abandoned", order_id, {})
    with Session(engine) as session:
        assert session.get(Order, order_id) is None
        assert "pt.order.abandoned" not in session.execute(
            select(metadata.tables["outbox"].c.event_type)).scalars().all()
    db.dispose()


def test_in_one_statement_a_failed_check_writes_nothing_and_raises_read_changed(engine, url):
    from qms_shared.uow import ReadChanged
    with engine.begin() as conn:
        conn.exec_driver_sql("""
            CREATE OR REPLACE FUNCTION pt_unchanged(expected int, actual int) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF expected <> actual THEN RAISE EXCEPTION 'changed' USING ERRCODE = 'serialization_failure'; END IF;
                RETURN true;
            END $$""")
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    kept, refused = uuid.uuid4(), uuid.uuid4()
    for order_id, actual in ((kept, 1), (refused, 2)):
        try:
            with uow.in_one_statement():
                uow.add_new(Order(order_id, "Acme", [Line("M-1", 1)]))
                uow.publish("pt.order.placed", order_id, {})
                uow.check_at_commit("pt_unchanged({}, {})", 1, actual)
                uow.commit()
        except ReadChanged:
            assert order_id == refused
    with Session(engine) as session:
        assert session.get(Order, kept) is not None and session.get(Order, refused) is None
        subjects = session.execute(select(metadata.tables["outbox"].c.payload)).scalars().all()
        assert any(str(kept) in p for p in subjects) and not any(str(refused) in p for p in subjects)
    db.dispose()


def test_in_one_statement_a_change_to_a_loaded_aggregate_is_refused(engine, url):
    order_id = uuid.uuid4()
    with Session(engine) as session:
        insert_new(session, Order(order_id, "Acme", []))
        session.commit()
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    with uow.in_one_statement():
        uow.session.get(Order, order_id).customer = "Changed"  # would be its own transaction: refused
        uow.add_new(Order(uuid.uuid4(), "Other", []))
        with pytest.raises(RuntimeError, match="only adds new aggregates"):
            uow.commit()
    with uow:  # the next block is an ordinary transaction again
        assert driver_connection(uow.session).autocommit is False
    with Session(engine) as session:
        assert session.get(Order, order_id).customer == "Acme"
    db.dispose()


def test_a_check_at_commit_runs_once_for_the_statement_whatever_the_number_of_events(engine, url):
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SEQUENCE IF NOT EXISTS pt_calls")
        conn.exec_driver_sql("""CREATE OR REPLACE FUNCTION pt_counted() RETURNS boolean LANGUAGE plpgsql AS $$
                                BEGIN PERFORM nextval('pt_calls'); RETURN true; END $$""")
        before = conn.exec_driver_sql("SELECT nextval('pt_calls')").scalar()
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    order_id = uuid.uuid4()
    with uow.in_one_statement():
        uow.add_new(Order(order_id, "Acme", [Line("M-1", 1)]))
        for n in range(3):
            uow.publish("pt.order.placed", order_id, {"n": n})
        uow.check_at_commit("pt_counted()")
        uow.commit()
    with engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT nextval('pt_calls')").scalar() == before + 2  # one call in between
    db.dispose()


def test_in_one_statement_the_statements_run_on_a_pooled_autocommit_connection_given_back_after(url):
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    pool = db.autocommit_engine.pool
    with uow.in_one_statement():
        assert driver_connection(uow.session).autocommit is True
        assert run_sql(uow.session, "SELECT $1::int + 1", [41]) == [(42,)]
        assert pool.checkedout() == 1
    assert pool.checkedout() == 0
    with pytest.raises(ProgrammingError), uow.in_one_statement():
        run_sql(uow.session, "SELECT * FROM no_such_table", [])
    assert pool.checkedout() == 0  # given back after a failed statement too
    with uow.in_one_statement():
        assert run_sql(uow.session, "SELECT 1", []) == [(1,)]  # and usable again
    db.dispose()


def test_a_core_statement_compiled_for_run_sql_gives_what_sqlalchemy_gives(engine):
    from sqlalchemy import bindparam, func, literal_column
    from qms_shared.persistence import numbered_sql
    statement = select(orders.c.customer, literal_column("'100%'")).where(
        (orders.c.customer == bindparam("who")) | (orders.c.customer == bindparam("other"))
        | (orders.c.customer == func.concat(bindparam("who", type_=String), bindparam("suffix", type_=String)))).order_by(orders.c.customer)
    sql, names = numbered_sql(statement, engine.dialect)
    assert names == ("who", "other", "suffix") and "$3" in sql and "%(" not in sql
    who, other = f"W-{uuid.uuid4().hex[:8]}", f"O-{uuid.uuid4().hex[:8]}"
    with Session(engine) as session:
        insert_new(session, Order(uuid.uuid4(), who, []), Order(uuid.uuid4(), other, []),
                   Order(uuid.uuid4(), who + "-x", []), Order(uuid.uuid4(), "someone else", []))
        expected = [tuple(row) for row in session.execute(statement, {"who": who, "other": other, "suffix": "-x"})]
        assert run_sql(session, sql, (who, other, "-x")) == expected
        assert expected == [(other, "100%"), (who, "100%"), (who + "-x", "100%")]
        session.rollback()


@pytest.mark.parametrize("count", [2, 120])  # one statement of our own; SQLAlchemy's batches beyond 50
def test_events_of_an_ordinary_change_are_written_with_the_change_and_wake_the_relay(url, count):
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    order_id, subject = uuid.uuid4(), uuid.uuid4()
    outbox = metadata.tables["outbox"]
    with psycopg.connect(testing.PG_ADMIN_URL.rsplit("/", 1)[0] + "/qms_shared_persistence_test",
                         autocommit=True) as listener:
        listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
        with uow:
            uow.session.add(Order(order_id, "Acme", []))  # an ORM change, not add_new
            for n in range(count):
                uow.publish("pt.order.noted", subject, {"n": n, "name": "张三"})
            uow.commit()
        assert [n.channel for n in listener.notifies(timeout=5, stop_after=1)] == [OUTBOX_CHANNEL]
    with Session(db.engine) as session:
        assert session.get(Order, order_id).customer == "Acme"
        payloads = session.execute(select(outbox.c.payload).where(outbox.c.payload.contains(str(subject)))
                                   .order_by(outbox.c.id)).scalars().all()
        assert [json.loads(p)["data"] for p in payloads] == [{"n": n, "name": "张三"} for n in range(count)]
    db.dispose()


def test_statements_written_with_the_commit_go_with_the_events_and_commit_or_write_nothing(url):
    db = Database(url)
    uow = SqlUnitOfWork(db, Config(service="pt"), MessagingTables(metadata))
    order_id, subject = uuid.uuid4(), uuid.uuid4()
    outbox = metadata.tables["outbox"]
    with uow:
        uow.session.add(Order(order_id, "Acme", []))
        uow.session.flush()
        uow.write_with_commit("UPDATE pt_orders SET customer = $1 WHERE id = $2", ["Beta", order_id])
        uow.publish("pt.order.renamed", subject, {})
        uow.commit()
        assert driver_connection(uow.session).info.transaction_status.name == "IDLE"  # committed, not pending
    failing = uuid.uuid4()
    with uow:
        uow.session.add(Order(failing, "Acme", []))
        uow.session.flush()
        uow.write_with_commit("UPDATE pt_orders SET state = NULL WHERE id = $1", [failing])
        uow.publish("pt.order.broken", failing, {})
        with pytest.raises(IntegrityError, match="not-null"):
            uow.commit()
    with Session(db.engine) as session:
        assert session.get(Order, order_id).customer == "Beta" and session.get(Order, failing) is None
        types = session.execute(select(outbox.c.event_type).where(outbox.c.payload.contains(str(subject))
                                                                  | outbox.c.payload.contains(str(failing)))).scalars()
        assert list(types) == ["pt.order.renamed"]
    db.dispose()
