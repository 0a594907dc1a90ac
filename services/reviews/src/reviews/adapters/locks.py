"""Transaction-scoped advisory locks on several keys in one statement, shared or exclusive."""
from __future__ import annotations

from sqlalchemy import Text, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY


def _locks(take):
    # One statement for every key, taken in the order given (unnest keeps the array's order, and
    # PostgreSQL evaluates the volatile lock function after the ORDER BY).
    keys = func.unnest(bindparam("keys", type_=ARRAY(Text))).table_valued("key", with_ordinality="n").render_derived()
    return select(take(func.hashtextextended(keys.c.key, 0))).select_from(keys).order_by(keys.c.n)


_TAKE = {True: _locks(func.pg_advisory_xact_lock_shared), False: _locks(func.pg_advisory_xact_lock)}


def lock_keys(session, keys: list[str], *, shared: bool) -> None:
    """Hold advisory locks on `keys` until the transaction ends (shared ones only exclude exclusive ones).

    Callers give the keys in one global order (see the key functions beside each caller), so that two
    transactions never wait for each other's keys crosswise.
    """
    if keys:
        session.execute(_TAKE[shared], {"keys": keys}).all()
