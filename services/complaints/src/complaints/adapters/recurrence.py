"""The `recurring` flag of complaints (same customer + product + cause within 365 days, either side).

Kept by the service layer whenever a cause is recorded, so statistics count flags instead of comparing
every complaint of two years with its neighbours on each request. The rule is the domain's
(`domain.statistics.recurring_flags`); tests check both agree.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, text

from qms_shared.db import advisory_xact_lock

WINDOW = "interval '365 days'"
_FLAG = f"""
UPDATE complaints AS c SET recurring = EXISTS (
    SELECT 1 FROM complaints AS o
    WHERE o.id <> c.id AND o.customer_id = c.customer_id AND o.cause_category = c.cause_category
      AND o.product_code IS NOT DISTINCT FROM c.product_code
      AND o.received_at BETWEEN c.received_at - {WINDOW} AND c.received_at + {WINDOW})
"""


def refresh_around(session, *, customer_id: str, product_code: str | None, causes: set, received_at: datetime) -> None:
    """Recompute the flags a cause change at `received_at` can touch: that customer's product, old and new cause.

    Locks the keys first (transaction-scoped) so two analyses of one problem cannot miss each other.
    """
    causes = sorted(c for c in causes if c)
    for cause in causes:  # in a stable order, so two analyses never wait for each other crosswise
        advisory_xact_lock(session, "complaint-recurrence", customer_id, str(product_code), cause)
    session.flush()  # the complaint's new cause must be in the table the UPDATE reads
    statement = text(_FLAG + f"""
        WHERE c.customer_id = :customer AND c.product_code IS NOT DISTINCT FROM :product
          AND c.cause_category IN :causes
          AND c.received_at BETWEEN :at - {WINDOW} AND :at + {WINDOW}""").bindparams(
        bindparam("causes", expanding=True))
    session.execute(statement, {"customer": customer_id, "product": product_code, "causes": causes,
                                "at": received_at})


def refresh_all(session) -> None:
    """Recompute every flag (after a bulk load, or to repair)."""
    session.execute(text(_FLAG + " WHERE c.cause_category IS NOT NULL"))
