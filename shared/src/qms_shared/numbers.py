"""Human numbers people quote (`CP-2026-000001`): unique and increasing per prefix and year.

Each prefix and year has its own PostgreSQL SEQUENCE: taking a number holds no lock, so concurrent
creations do not queue behind each other. A creation that rolls back after taking its number leaves
a gap, which is the price of that. The sequence starts after any value an earlier counter row
(`number_sequences`, kept from the first release) recorded.
"""
from __future__ import annotations

import re
import threading

from sqlalchemy import bindparam, cast, func, select, text
from sqlalchemy.dialects.postgresql import REGCLASS
from sqlalchemy.exc import IntegrityError, ProgrammingError

_PREFIX = re.compile(r"^[A-Z]{1,10}$")
_known: set[tuple[str, str]] = set()
_lock = threading.Lock()
_NEXTVALS = select(func.nextval(cast(bindparam("s"), REGCLASS))).select_from(func.generate_series(1, bindparam("n")))


def format_number(prefix: str, year: int, value: int) -> str:
    """`CP-2026-000042`."""
    return f"{prefix}-{year}-{value:06d}"


def take_numbers(db, session, sequences, prefix: str, year: int, count: int = 1) -> list[str]:
    """`count` new numbers of `prefix` for `year`, in increasing order."""
    if not _PREFIX.match(prefix) or not 1900 < year < 10000:
        raise ValueError(f"bad number prefix or year: {prefix!r} {year!r}")
    if count <= 0:
        return []
    name = _ensure_sequence(db, sequences, prefix, year)
    values = session.execute(_NEXTVALS, {"s": name, "n": count}).scalars().all()
    return [format_number(prefix, year, v) for v in sorted(values)]


def _ensure_sequence(db, sequences, prefix: str, year: int) -> str:
    name = f"number_{prefix.lower()}_{year}"
    key = (db.url, name)
    if key in _known:
        return name
    with _lock, db.engine.connect() as conn:
        start = conn.execute(select(sequences.c.value).where(
            (sequences.c.prefix == prefix) & (sequences.c.year == year))).scalar() or 0
        try:
            conn.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {int(start) + 1}"))
            conn.commit()
        except (IntegrityError, ProgrammingError):  # another process created it at the same moment
            conn.rollback()
        _known.add(key)
    return name
