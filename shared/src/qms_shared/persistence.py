"""INSERT a new aggregate and its children in one statement, instead of the ORM's unit of work.

Creating is the hot path of a service's API (a complaint, a contract), and the ORM's flush of a new
object with its children costs more CPU than the SQL it sends: it sorts the work, tracks history
per attribute, builds its statements, and sends one per table. A new aggregate needs none of that:
every value is in memory and every row is an INSERT. `insert_new` reads the mapping once per class
and, on PostgreSQL, sends the root row and all its children as one statement (the parents' INSERTs
as data-modifying CTEs: foreign keys are checked at the end of the statement, so children may name
a parent inserted beside them). The SQL text is kept per shape (tables, columns and row counts), so
nothing is compiled twice and PostgreSQL prepares it like any repeated query. Values go through each
column type's own bind processing, as SQLAlchemy would do. Elsewhere (SQLite) one INSERT per group.

With psycopg the statement goes through a `RawCursor` (`$1` placeholders): psycopg parses `%s`
queries for placeholders on every call unless they are short (<= 50 parameters, <= 4096 characters),
and an aggregate's INSERT is rarely that short; the parse cost more than the INSERT (~0.2 ms). Errors
are raised as SQLAlchemy's exceptions (IntegrityError, ...), as from any other statement.

The object is not added to the session: the caller uses it as it is (to answer and to publish its
events); a later change loads it again like any other.
"""
from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import RelationshipDirection

# session.info key: a pooled DBAPI connection (PostgreSQL, autocommit) that the session's statements of
# `insert_new` and `run_sql` go to, instead of the session's own connection (see uow.in_one_statement)
RAW_CONNECTION = "qms_raw_connection"
_TUPLES_OK = 2  # libpq's PGRES_TUPLES_OK (psycopg.pq.ExecStatus.TUPLES_OK), without importing psycopg here
_PYFORMAT = re.compile(r"%\((\w+)\)s|%%")  # a named parameter, or a literal % (pyformat)
_writers: dict[Any, "_TableWriter"] = {}  # by mapped class or by table
_statements: dict[tuple, str] = {}
_lock = threading.Lock()


def insert_new(session, *aggregates: Any, then: tuple | None = None, returning: str = "",
               returning_params: tuple = ()) -> None:
    """INSERT `aggregates` and their one-to-many children (recursively) in the session's transaction.

    `then` is (table, rows) of plain rows written last, in the same statement (the unit of work's
    outbox rows); on PostgreSQL `returning` is appended to that last INSERT (e.g. a NOTIFY call), with
    a `{}` for each of `returning_params`.
    """
    groups = _groups(aggregates, then)
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        connection = session.connection()
        for (writer, _columns), rows in groups.items():
            connection.execute(writer.table.insert(), rows)
        return
    raw = dialect.driver == "psycopg"
    sql, params = _insert_statement(dialect, groups, returning, returning_params, raw)
    if raw:
        _execute_raw(session, sql, params)
    else:
        session.connection().exec_driver_sql(sql, tuple(params))


def insert_new_statement(session, *aggregates: Any, then: tuple | None = None, returning: str = "",
                         returning_params: tuple = ()) -> tuple[str, list]:
    """The SQL (`$n` placeholders) and parameters `insert_new` would run, for `run_sql_together`
    (PostgreSQL with psycopg)."""
    return _insert_statement(session.get_bind().dialect, _groups(aggregates, then), returning, returning_params, True)


def _groups(aggregates, then: tuple | None) -> dict[tuple, list[dict]]:
    """(writer, columns) -> rows, parents before children, `then`'s rows last."""
    groups: dict[tuple, list[dict]] = {}
    for aggregate in aggregates:
        _writer(type(aggregate)).collect(aggregate, {}, groups)
    if then is not None and then[1]:
        table, rows = then
        groups[(_table_writer(table), tuple(rows[0]))] = list(rows)
    return groups


def _insert_statement(dialect, groups: dict, returning: str, returning_params: tuple, raw: bool) -> tuple[str, list]:
    shape = (tuple((writer.table.name, columns, len(rows)) for (writer, columns), rows in groups.items()),
             returning, len(returning_params), raw)
    params = []
    for (writer, columns), rows in groups.items():
        processors = writer.processors(dialect, columns)
        for row in rows:
            params += [value if processor is None else processor(value)
                       for value, processor in zip(map(row.__getitem__, columns), processors)]
    sql = _statements.get(shape)
    if sql is None:
        marks = [f"${len(params) + n}" if raw else "%s" for n in range(1, len(returning_params) + 1)]
        sql = _statements.setdefault(shape, _one_statement(dialect, groups, raw) + (
            f" RETURNING {returning.format(*marks)}" if returning else ""))
    params += returning_params
    return sql, params


def _one_statement(dialect, groups: dict, numbered: bool) -> str:
    quote = dialect.identifier_preparer
    inserts = []
    count = 0
    for (writer, columns), rows in groups.items():
        tuples = []
        for _row in rows:
            if numbered:
                tuples.append("(" + ", ".join(f"${count + n}" for n in range(1, len(columns) + 1)) + ")")
            else:
                tuples.append("(" + ", ".join(["%s"] * len(columns)) + ")")
            count += len(columns)
        inserts.append(f"INSERT INTO {quote.format_table(writer.table)} "
                       f"({', '.join(quote.quote(c) for c in columns)}) VALUES {', '.join(tuples)}")
    if len(inserts) == 1:
        return inserts[0]
    return "WITH " + ", ".join(f"new_{n} AS ({sql})" for n, sql in enumerate(inserts[:-1])) + " " + inserts[-1]


def run_sql(session, sql: str, params: list | tuple) -> list[tuple]:
    """The rows of `sql` (`$1`, `$2`... placeholders), run by psycopg itself in the session's transaction.

    For the few statements of a hot path on PostgreSQL: SQLAlchemy's work around one execution (its
    execution context, result metadata and processors) costs about as much client CPU as psycopg's
    (~170k instructions of ~430k for a one-row SELECT). Values come back as psycopg makes them.
    """
    return _execute_raw(session, sql, params)


def run_sql_together(session, statements: list[tuple[str, list | tuple]]) -> list[list[tuple]]:
    """The rows of each of `statements` (as for `run_sql`), sent in one round trip: psycopg's pipeline.

    For statements that need no answer from one another. Each still runs as a statement of its own, in
    order, so under READ COMMITTED each takes its snapshot when it starts: a read sent after a lock sees
    what the lock's previous holder committed, as if it had been sent once the lock was granted. The
    transaction's BEGIN, when the session has not started it yet, goes in the same round trip.
    """
    import psycopg

    connection, driver = _connection(session)
    try:
        with driver.pipeline():
            cursors = []
            for sql, params in statements:
                cursors.append(cursor := psycopg.RawCursor(driver))
                cursor.execute(sql, params)
        return [_rows(cursor) for cursor in cursors]
    except psycopg.Error as error:
        raise _database_error(session, connection, driver, statements[0][0], statements[0][1], error) from error


def numbered_sql(statement, dialect) -> tuple[str, tuple[str, ...]]:
    """A Core statement compiled once for `run_sql`: its SQL with `$n` placeholders, and the names of its
    parameters in their order (PostgreSQL; `dialect` is the engine's). Every value is the caller's to
    give, so bind them all by name (`bindparam`), not as literals the compiler would name itself."""
    compiled = statement.compile(dialect=dialect)
    names: list[str] = []

    def number(match) -> str:
        if match.group(1) is None:
            return "%"  # a literal %, doubled by the pyformat style
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"
    return _PYFORMAT.sub(number, compiled.string), tuple(names)


def driver_connection(session):
    """The psycopg connection that `run_sql` and `insert_new` use for `session`."""
    return _connection(session)[1]


def _connection(session) -> tuple:
    """(the pooled connection, its psycopg connection) that the session's statements here go to: the unit
    of work's own, or the session's (whose Connection and transaction objects cost more CPU than a
    statement run on it: uow.in_one_statement)."""
    raw = session.info.get(RAW_CONNECTION)
    if raw is not None:
        return raw, raw.driver_connection
    connection = session.connection()
    return connection, connection.connection.driver_connection


def _execute_raw(session, sql: str, params) -> list[tuple]:
    """Run `sql` ($n placeholders) on the session's psycopg connection, in its transaction if it has one."""
    import psycopg  # only here: the SQLite path needs no PostgreSQL driver

    connection, driver = _connection(session)
    try:
        with psycopg.RawCursor(driver) as cursor:
            cursor.execute(sql, params)
            return _rows(cursor)
    except psycopg.Error as error:
        raise _database_error(session, connection, driver, sql, params, error) from error


def _rows(cursor) -> list[tuple]:
    # not `cursor.description`: it builds a Column object per column on every access
    result = cursor.pgresult
    return cursor.fetchall() if result is not None and result.status == _TUPLES_OK else []


def _database_error(session, connection, driver, sql: str, params, error) -> DBAPIError:
    """psycopg's `error` as SQLAlchemy raises it (IntegrityError, ...); a lost connection is invalidated."""
    import psycopg
    dialect = session.get_bind().dialect
    invalidated = dialect.is_disconnect(error, driver, None)
    if invalidated:
        connection.invalidate(error)
    return DBAPIError.instance(sql, params, error, psycopg.Error, connection_invalidated=invalidated, dialect=dialect)


def bind_processors(table, dialect, columns: tuple) -> tuple:
    """The bind processing of each of `columns` of `table`, as SQLAlchemy applies it (None where the
    driver takes the value as it is): for SQL run with `run_sql`."""
    return _table_writer(table).processors(dialect, columns)


def _table_writer(table) -> "_TableWriter":
    return _cached(table, _TableWriter)


def _writer(cls: type) -> "_RowWriter":
    return _cached(cls, _RowWriter)


def _cached(key, make):
    """The writer made once per mapped class or table, shared by every thread."""
    writer = _writers.get(key)
    if writer is None:
        with _lock:
            writer = _writers.get(key) or make(key)
            _writers[key] = writer
    return writer


class _TableWriter:
    """Values for one table's INSERT, bound as its column types bind them."""

    def __init__(self, table):
        self.table = table
        self._processors: dict[tuple, Any] = {}

    def processors(self, dialect, columns: tuple) -> tuple:
        """The bind processing of each of `columns` (JSON, for one; None where the driver takes the value
        as it is), worked out once per dialect and column list."""
        key = (dialect.name, columns)
        found = self._processors.get(key)
        if found is None:
            found = self._processors[key] = tuple(
                self.table.c[column].type.dialect_impl(dialect).bind_processor(dialect) for column in columns)
        return found


class _RowWriter(_TableWriter):
    """The rows of one mapped class, and how its children's foreign keys follow from its row."""

    def __init__(self, cls: type):
        mapper = inspect(cls)
        if len(mapper.tables) != 1:
            raise NotImplementedError(f"{cls.__name__} maps more than one table")
        super().__init__(mapper.local_table)
        self.columns = [(prop.key, prop.columns[0]) for prop in mapper.column_attrs]
        # Worked out once: the columns whose value is taken as it is, and those with a default to apply
        # when the object has none (or that the database fills in).
        self._plain = [(attr, column.key) for attr, column in self.columns if not _has_default(column)]
        self._defaulted = [(attr, column) for attr, column in self.columns if _has_default(column)]
        self.children = []
        for rel in mapper.relationships:
            if not rel.cascade.save_update:
                continue
            if rel.direction is not RelationshipDirection.ONETOMANY or rel.secondary is not None:
                raise NotImplementedError(f"{cls.__name__}.{rel.key}: only one-to-many children are supported")
            self.children.append((rel.key, rel.mapper.class_, [(parent.key, child.key)
                                                                for parent, child in rel.synchronize_pairs]))

    def collect(self, obj, inherited: dict, groups: dict) -> None:
        """Add the row of `obj`, then its children's, to `groups`."""
        row = self._row(obj, inherited)
        groups.setdefault((self, tuple(row)), []).append(row)
        for key, child_cls, pairs in self.children:
            children = getattr(obj, key) or []
            if not children:
                continue
            if any(parent not in row for parent, _ in pairs):
                raise NotImplementedError(f"{child_cls.__name__}: its parent's key is made by the database")
            keys = {child: row[parent] for parent, child in pairs}
            writer = _writer(child_cls)
            for child in children:
                writer.collect(child, keys, groups)

    def _row(self, obj, inherited: dict) -> dict:
        # A new object keeps its values in its own __dict__; reading them there skips the ORM's
        # instrumented attributes (an attribute never set reads as None, as through the ORM).
        values = vars(obj)
        row = {key: values.get(attr) for attr, key in self._plain}
        for attr, column in self._defaulted:
            value = values.get(attr)
            if value is None:
                default = column.default
                if default is not None and default.is_scalar:
                    value = default.arg
                elif default is not None and default.is_callable:
                    value = default.arg(None)  # SQLAlchemy wraps a plain callable to take a context
                else:
                    continue  # the database fills it in (server default, identity, sequence)
            row[column.key] = value
        row.update(inherited)  # the parent's key, from the parent's row
        return row


def _has_default(column) -> bool:
    return (column.default is not None or column.server_default is not None
            or (column.primary_key and column.autoincrement is True))
