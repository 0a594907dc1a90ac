"""Human numbers people quote (`CP-2026-000001`): unique and increasing per prefix and year.

On PostgreSQL each prefix and year has its own SEQUENCE: taking a number holds no lock, so
concurrent creations do not queue behind each other. A creation that rolls back after taking its
number leaves a gap, which is the price of that. The sequence starts after any value an earlier
counter row recorded. On SQLite (one machine, one writer at a time) a counter row is used.
"""
from __future__ import annotations

import re
import threading

from sqlalchemy import bindparam, cast, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import REGCLASS
from sqlalchemy.exc import IntegrityError, ProgrammingError

_PREFIX = re.compile(r"^[A-Z]{1,10}$")
_known: set[tuple[str, str]] = set()
_lock = threading.Lock()
# built once: constructing a statement costs more than running it; and Core rather than text(), whose
# result columns SQLAlchemy would work out from the cursor again on every call
_NEXTVAL = select(func.nextval(cast(bindparam("s"), REGCLASS)))
_NEXTVALS = _NEXTVAL.select_from(func.generate_series(1, bindparam("n")))


def format_number(prefix: str, year: int, value: int) -> str:
    """`CP-2026-000042`."""
    return f"{prefix}-{year}-{value:06d}"


def take_numbers(db, session, sequences, prefix: str, year: int, count: int = 1) -> list[str]:
    """`count` new numbers of `prefix` for `year`, in increasing order."""
    _check(prefix, year)
    if count <= 0:
        return []
    if not db.is_postgres:
        last = _take_from_counter(session, sequences, prefix, year, count)
        return [format_number(prefix, year, v) for v in range(last - count + 1, last + 1)]
    name = _ensure_sequence(db, sequences, prefix, year)
    if count == 1:
        return [format_number(prefix, year, session.execute(_NEXTVAL, {"s": name}).scalar_one())]
    values = session.execute(_NEXTVALS, {"s": name, "n": count}).scalars().all()
    return [format_number(prefix, year, v) for v in sorted(values)]


class Numbering:
    """The numbers of one prefix and year, for a caller that takes one with another query.

    A hot creation path can select `nextval($n::regclass)` of `sequence` beside the values it reads
    anyway (persistence.run_sql), saving a round trip, and `format` what it got. `sequence` is None where there is no SEQUENCE (SQLite): then `take()`
    one the usual way.
    """

    def __init__(self, db, session, sequences, prefix: str, year: int):
        _check(prefix, year)
        self._db, self._session, self._sequences = db, session, sequences
        self.prefix, self.year = prefix, year
        self.sequence = _ensure_sequence(db, sequences, prefix, year) if db.is_postgres else None

    def format(self, value: int) -> str:
        """The number for a value taken from `sequence`."""
        return format_number(self.prefix, self.year, value)

    def take(self) -> str:
        """The next number, in a statement of its own."""
        return take_numbers(self._db, self._session, self._sequences, self.prefix, self.year)[0]


def _check(prefix: str, year: int) -> None:
    if not _PREFIX.match(prefix) or not 1900 < year < 10000:
        raise ValueError(f"bad number prefix or year: {prefix!r} {year!r}")


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


def _take_from_counter(session, sequences, prefix: str, year: int, count: int) -> int:
    where = (sequences.c.prefix == prefix) & (sequences.c.year == year)
    last = session.execute(update(sequences).where(where).values(value=sequences.c.value + count)
                           .returning(sequences.c.value)).scalar()
    if last is not None:
        return last
    try:
        with session.begin_nested():
            session.execute(insert(sequences).values(prefix=prefix, year=year, value=count))
        return count
    except IntegrityError:  # someone created the counter first: take the next block
        return _take_from_counter(session, sequences, prefix, year, count)
