"""The shipped batch (004 §3): the unit the batch and major incident rules add quantities over.

A batch is a product code with its batch number, or, where no batch number is given, the model with
its production date. Complaints count what the customer reported (or returned, if more) and what
came back; internal problems count what was scrapped or reworked as reported, never as returned.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable


@dataclass(frozen=True)
class BatchKey:
    """One shipped batch: `batch` when the batch number is known, else `production_date`."""

    product_code: str
    batch: str | None = None
    production_date: date | None = None

    @property
    def lock_name(self) -> tuple[str, ...]:
        """The name of the advisory lock that serialises changes to this batch."""
        if self.batch is not None:
            return ("complaint-batch", self.product_code, "batch", self.batch)
        return ("complaint-batch", self.product_code, self.production_date.isoformat())

    def label(self) -> str:
        """How a quality engineer names the batch in a reason."""
        if self.batch is not None:
            return f"{self.product_code} batch {self.batch}"
        return f"{self.product_code} made {self.production_date.isoformat()}"


def batch_key(product_code: str | None, product_batch: str | None,
              production_date: date | None) -> BatchKey | None:
    """The batch of a record: code + batch number, else code + production date, else None."""
    if not product_code:
        return None
    if product_batch:
        return BatchKey(product_code, batch=product_batch)
    if production_date:
        return BatchKey(product_code, production_date=production_date)
    return None


@dataclass(frozen=True)
class BatchMember:
    """What one complaint or internal problem adds to its batch."""

    number: str
    reported: int
    returned: int


@dataclass(frozen=True)
class BatchFigures:
    """Every member of one batch (or one record alone when it has no batch), ordered by number."""

    key: BatchKey | None = None
    members: tuple[BatchMember, ...] = ()

    @property
    def reported(self) -> int:
        """Pieces reported (or returned, if more) over the batch, internal scrap and rework included."""
        return sum(m.reported for m in self.members)

    @property
    def returned(self) -> int:
        """Pieces returned over the batch."""
        return sum(m.returned for m in self.members)

    def counted(self, figure: str) -> list[str]:
        """The numbers of the members that add to `figure` (`reported` or `returned`)."""
        return [m.number for m in self.members if getattr(m, figure) > 0]

    def with_member(self, member: BatchMember) -> "BatchFigures":
        """These figures with `member` in (replacing what they held for its number)."""
        others = [m for m in self.members if m.number != member.number]
        return replace(self, members=tuple(sorted([*others, member], key=lambda m: m.number)))


def batch_figures(records: Iterable, key: BatchKey | None, *, excluding=None) -> BatchFigures:
    """The domain's definition of a batch's figures: the records with `key`, except the one with id `excluding`.

    Without a key there is no batch to look across (the record counts alone).
    """
    if key is None:
        return BatchFigures()
    members = [r.batch_member for r in records if r.batch_key == key and r.id != excluding]
    return BatchFigures(key, tuple(sorted(members, key=lambda m: m.number)))


def reported_quantity(quantity_affected: int | None, returned_quantity: int | None) -> int:
    """What a complaint reports for the batch rule: the pieces affected, or returned if more (not both)."""
    return max(quantity_affected or 0, returned_quantity or 0)
