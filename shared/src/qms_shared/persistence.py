"""INSERT a new aggregate with prebuilt Core statements instead of the ORM's unit of work.

Creating is the hot path of a service's API (a complaint, a contract), and the ORM's flush of a new
object with its children costs more CPU than the SQL it sends: it sorts the work, tracks history
per attribute, and builds its statements each time. A new aggregate needs none of that: every
value is in memory and every row is an INSERT. `insert_new` reads the mapping once per class and
sends one INSERT for the root row and one executemany per child table, in the session's
transaction. The object is not added to the session: the caller uses it as it is (to answer and
to publish its events); a later change loads it again like any other.
"""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import RelationshipDirection

_writers: dict[type, "_RowWriter"] = {}
_lock = threading.Lock()


def insert_new(session, aggregate: Any) -> None:
    """INSERT `aggregate` and its one-to-many children (recursively) in the session's transaction."""
    _writer(type(aggregate)).insert(session.connection(), [aggregate], {})


def _writer(cls: type) -> "_RowWriter":
    writer = _writers.get(cls)
    if writer is None:
        with _lock:
            writer = _writers.get(cls) or _RowWriter(cls)
            _writers[cls] = writer
    return writer


class _RowWriter:
    """The INSERT of one mapped class, and how its children's foreign keys follow from its row."""

    def __init__(self, cls: type):
        mapper = inspect(cls)
        if len(mapper.tables) != 1:
            raise NotImplementedError(f"{cls.__name__} maps more than one table")
        self.table = mapper.local_table
        # inline: no RETURNING of database-made keys (nobody reads them), which SQLAlchemy would add
        # to a one-row INSERT and then process
        self.statement = insert(self.table).inline()
        # (attribute, column, may be left out when None so the column's default applies)
        self.columns = [(prop.key, prop.columns[0],
                         prop.columns[0].default is not None or prop.columns[0].server_default is not None
                         or (prop.columns[0].primary_key and prop.columns[0].autoincrement is True))
                        for prop in mapper.column_attrs]
        self.children = []
        for rel in mapper.relationships:
            if not rel.cascade.save_update:
                continue
            if rel.direction is not RelationshipDirection.ONETOMANY or rel.secondary is not None:
                raise NotImplementedError(f"{cls.__name__}.{rel.key}: only one-to-many children are supported")
            self.children.append((rel.key, rel.mapper.class_, [(parent.key, child.key)
                                                                for parent, child in rel.synchronize_pairs]))

    def insert(self, connection, objects: list, inherited: dict) -> None:
        rows = [self._row(obj, inherited) for obj in objects]
        # rows of one executemany must name the same columns: group them by the columns they set
        groups: dict[tuple, list[dict]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
        for group in groups.values():
            connection.execute(self.statement, group)
        for key, child_cls, pairs in self.children:
            for obj, row in zip(objects, rows):
                children = getattr(obj, key) or []
                if not children:
                    continue
                if any(parent not in row for parent, _ in pairs):
                    raise NotImplementedError(f"{child_cls.__name__}: its parent's key is made by the database")
                _writer(child_cls).insert(connection, list(children), {child: row[parent] for parent, child in pairs})

    def _row(self, obj, inherited: dict) -> dict:
        row = {}
        for attr, column, defaulted in self.columns:
            if column.key in inherited:
                row[column.key] = inherited[column.key]
                continue
            value = getattr(obj, attr, None)
            if value is None and defaulted:
                continue
            row[column.key] = value
        return row
