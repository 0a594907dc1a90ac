"""Contracts as the commands read and write them: two statements to read one, one per changed row to write.

Through the ORM mapping (orm.py) a contract is read with a selectin query per child collection and
written by a unit-of-work flush, which cost more CPU than everything else a command does: recording a
review spent 3.5 ms loading the contract and 1 ms flushing two changed rows. A command touches one
contract, so here it is locked with a SELECT ... FOR UPDATE, then read with one statement returning
the contract and every child collection as JSON (sent in the lock's round trip, but run once the lock
is granted, so it sees what the previous holder committed), and written back as one statement
updating every row that changed, with the version check the mapping makes (done by the statement
itself, `contract_version_checked`, so that the unit of work sends it with the events and COMMIT in
one round trip), plus INSERTs and DELETEs for the children added and removed. Every statement is
built once; rows are derived from the tables, so a new column needs no change here. The lock, the
read and the updates are compiled once more into plain SQL that psycopg runs itself (run_sql):
SQLAlchemy's execution of them cost more client CPU than the statements. PostgreSQL only (json_agg),
as the service's migrations already are.

The objects are the mapped domain classes, made the way the ORM makes the ones it loads (without
__init__), but never attached to a session: `flush` writes them, and the unit of work calls it on
commit. As with the mapping's JSON columns, a JSON value is changed by assigning a new one, never by
changing it in place. Reads for display and the event handlers keep using the mapping. A new contract
does not come here: submitting hands it to the unit of work's `add_new`, which inserts it with its
children and its events in one statement.
"""
from __future__ import annotations

import functools
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Numeric, Text, Uuid, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import class_mapper
from sqlalchemy.orm.attributes import set_committed_value

from qms_shared.persistence import bind_processors, numbered_sql, run_sql_together

from ..domain.contract import Contract
from . import orm

_ID = bindparam("_id")


def _decoder(column):
    """How a column's value arrives in JSON (json_build_array) -> the value the ORM would have loaded."""
    if isinstance(column.type, Uuid):
        return uuid.UUID
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat
    if isinstance(column.type, Date):
        return date.fromisoformat
    if isinstance(column.type, Numeric):
        return Decimal  # sent as text (below), so no digit is lost to a float
    return None


class MappedRows:
    """The rows of one table read as JSON and made into objects of its mapped class."""

    def __init__(self, cls, table, *, skip=()):
        self.cls = cls
        self.table = table
        self.columns = tuple(c.key for c in table.c if c.key not in skip)
        self.decoders = tuple(_decoder(table.c[key]) for key in self.columns)
        self._manager = None

    def as_json(self):
        """A row as a JSON array of its columns (numerics as text), for `decode`."""
        t = self.table
        return func.json_build_array(*(cast(t.c[key], Text) if isinstance(t.c[key].type, Numeric) else t.c[key]
                                       for key in self.columns))

    def decode(self, values: list) -> dict:
        """Column values from the JSON array `as_json` made of a row."""
        return {key: value if decode is None or value is None else decode(value)
                for key, decode, value in zip(self.columns, self.decoders, values)}

    def decode_object(self, row: dict) -> dict:
        """Column values from a row as a JSON object (`json_agg` of whole rows). Not for numeric columns:
        JSON numbers arrive as floats (`as_json` sends them as text)."""
        return self.decode([row[key] for key in self.columns])

    def new(self, values: dict):
        """An object with these column values and no pending change, made without calling __init__."""
        if self._manager is None:
            self._manager = class_mapper(self.cls).class_manager
        obj = self._manager.new_instance()
        obj.__dict__.update(values)
        return obj

    def values(self, obj) -> dict:
        """The object's column values now (read from its __dict__, as the mapping's flush does: a third of the
        time of getattr through the instrumented attributes, for the same values)."""
        state = obj.__dict__
        return {key: state.get(key) for key in self.columns}


class _StoredRows(MappedRows):
    """Rows with an `id` key, and the statements writing them."""

    def __init__(self, cls, table, *, skip=()):
        super().__init__(cls, table, skip=skip)
        self.insert = insert(table)
        self.delete = delete(table).where(table.c.id == _ID)


class _Child(_StoredRows):
    """A child collection of the contract (a table with `contract_id`), in the mapping's order."""

    def __init__(self, name, cls, table, order_by):
        super().__init__(cls, table, skip=("contract_id",))
        self.name = name
        self.order_by = order_by

    def of(self, contract_id):
        """The children of `contract_id` as a JSON array of `as_json` arrays, in order; NULL for none."""
        return (select(func.json_agg(aggregate_order_by(self.as_json(), *self.order_by)))
                .where(self.table.c.contract_id == contract_id).scalar_subquery())


CONTRACT = _StoredRows(Contract, orm.contracts)
CHILDREN = tuple(_Child(name, cls, table, order) for name, (cls, table, order) in orm.CONTRACT_CHILDREN.items())
_CONTRACT_ID = bindparam("id", type_=Uuid)
LOCK = select(orm.contracts.c.id).where(orm.contracts.c.id == _CONTRACT_ID).with_for_update()
# One JSON value, [contract, children of each collection...], read with one snapshot taken after the lock
# was granted (one value rather than one column each: psycopg describes and decodes every column).
READ = select(func.json_build_array(
    select(CONTRACT.as_json()).where(orm.contracts.c.id == _CONTRACT_ID).scalar_subquery(),
    *(child.of(_CONTRACT_ID) for child in CHILDREN)))


class ContractStore:
    """Loads contracts for update and writes back what the commands changed (see the module docstring)."""

    def __init__(self, session):
        self.session = session
        # contract id -> (contract, its row as last written, {child name: {child id: row as last written}})
        self._known: dict[uuid.UUID, tuple] = {}

    def get_for_update(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract with its children, its row locked until the transaction ends."""
        if contract_id in self._known:
            return self._known[contract_id][0]
        lock, read = _raw_statements(self.session.get_bind().dialect)
        # one round trip (with the transaction's BEGIN): the read still starts once the lock is granted
        locked, [(json_value,)] = run_sql_together(self.session, [(lock, (contract_id,)), (read, (contract_id,))])
        if not locked:
            return None
        row, *collections = json_value
        values = CONTRACT.decode(row)
        contract, kept = CONTRACT.new(values), {}
        for child, rows in zip(CHILDREN, collections):
            objects, kept[child.name] = [], {}
            for child_row in rows or ():
                child_values = child.decode(child_row)
                objects.append(child.new(child_values))
                kept[child.name][child_values["id"]] = child_values
            set_committed_value(contract, child.name, objects)
        self._known[contract_id] = (contract, values, kept)
        return contract

    def flush(self, send) -> None:
        """Write every change to the contracts loaded since the last flush; the UPDATE of the changed rows
        goes to `send` (the unit of work's `write_with_commit`), to be sent with the commit's events."""
        if not self._known:
            return  # nothing loaded: not even a connection is needed (a submission has none)
        conn = self.session.connection()
        for contract_id, (contract, row, kept) in list(self._known.items()):
            values = CONTRACT.values(contract)
            updates = []  # (rows, id, changed values, version to check): the contract's first
            if changed := _changes(values, row):
                updates.append((CONTRACT, row["id"], changed, row["version"]))
            for child in CHILDREN:
                kept[child.name] = self._write_children(conn, child, contract, kept[child.name], updates)
            if updates:
                self._update(self.session, updates, send)
            self._known[contract_id] = (contract, values, kept)

    @staticmethod
    def _write_children(conn, child: _Child, contract: Contract, kept: dict, updates: list) -> dict:
        now, added = {}, []
        for obj in getattr(contract, child.name):
            values = now[obj.id] = child.values(obj)
            before = kept.get(obj.id)
            if before is None:
                added.append({**values, "contract_id": contract.id})
            elif changed := _changes(values, before):
                updates.append((child, obj.id, changed, None))
        removed = [{"_id": child_id} for child_id in kept if child_id not in now]
        if removed:  # delete-orphan, as in the mapping
            conn.execute(child.delete, removed)
        if added:
            conn.execute(child.insert, added)
        return now

    @staticmethod
    def _update(session, updates: list, send) -> None:
        """Every changed row in one statement (a review changes two rows, a scan more), to `send`."""
        params = {}
        for n, (_rows, row_id, changed, version) in enumerate(updates):
            params[f"id_{n}"] = row_id
            if version is not None:
                params[f"was_{n}"] = version
            params.update({f"set_{n}_{key}": value for key, value in changed.items()})
        shape = tuple((rows, tuple(changed), version is not None) for rows, _id, changed, version in updates)
        sql, names, processors = _raw_updates(shape, session.get_bind().dialect)
        # the statement checks the version itself (contract_version_checked), as the mapping's version_id_col
        # would: the unit of work's commit raises StaleDataError
        send(sql, [params[name] if processor is None else processor(params[name])
                   for name, processor in zip(names, processors)])


@functools.lru_cache(maxsize=4)
def _raw_statements(dialect) -> tuple[str, str]:
    """LOCK and READ as SQL for run_sql: run by psycopg itself, not through SQLAlchemy's execution (a
    third of the client CPU of recording a review went to executing these two)."""
    (lock, names), (read, read_names) = numbered_sql(LOCK, dialect), numbered_sql(READ, dialect)
    assert names == read_names == ("id",)
    return lock, read


def _changes(values: dict, before: dict) -> dict:
    return {key: value for key, value in values.items() if value != before[key]}


@functools.lru_cache(maxsize=512)
def _updates(shape: tuple):
    """UPDATEs of rows of these tables and changed columns as one statement: the first one after the others,
    given as data-modifying WITH queries (PostgreSQL). With a version to check, the statement's one value
    is the number of rows the first updated, checked by `contract_version_checked` (which raises
    serialization_failure unless it is one)."""
    statements = []
    for n, (rows, columns, versioned) in enumerate(shape):
        t = rows.table
        statement = update(t).where(t.c.id == bindparam(f"id_{n}")).values(
            {key: bindparam(f"set_{n}_{key}") for key in columns})
        if versioned:
            statement = statement.where(t.c.version == bindparam(f"was_{n}"))
        statements.append(statement)
    first, *others = statements
    others = [other.cte(f"update_{n}") for n, other in enumerate(others, 1)]
    if not shape[0][2]:
        return first.add_cte(*others) if others else first
    updated = first.returning(shape[0][0].table.c.id).cte("update_0")
    return select(func.contract_version_checked(select(func.count()).select_from(updated).scalar_subquery(),
                                                bindparam("id_0", type_=Uuid))).add_cte(*others)


@functools.lru_cache(maxsize=512)
def _raw_updates(shape: tuple, dialect) -> tuple[str, tuple[str, ...], tuple]:
    """`_updates(shape)` as SQL for run_sql, its parameters' names in order, and the bind processing of
    each new value (a JSON column's, say), as SQLAlchemy would apply it: its execution of this one
    statement cost as much client CPU as the rest of writing a review."""
    sql, names = numbered_sql(_updates(shape), dialect)
    processors = {f"set_{n}_{key}": processor for n, (rows, columns, _versioned) in enumerate(shape)
                  for key, processor in zip(columns, bind_processors(rows.table, dialect, columns))}
    return sql, names, tuple(processors.get(name) for name in names)
