"""Imperative mapping of seed 004's records (suppliers, incoming lots, correction requests, recoveries,
reward/penalty clauses and notices, emergencies); called by orm.start_mappers once the claims are mapped."""
from __future__ import annotations

from sqlalchemy.orm import class_mapper, relationship

from ..domain.claim import Claim
from ..domain.correction_request import CorrectionHistoryEntry, CorrectionRequest
from ..domain.emergency import Emergency, EmergencyHistoryEntry
from ..domain.incoming import IncomingHistoryEntry, IncomingNonconformance
from ..domain.reward_penalty import Clause, NoticeHistoryEntry, RewardPenaltyNotice
from ..domain.supplier import Supplier, SupplierReceipt
from ..domain.supplier_recovery import SupplierRecovery
from . import emergency_tables as e
from . import reward_penalty_tables as r
from . import supplier_tables as s


def map_quality(mapper_registry, children, versioned) -> None:
    """Map the classes; `children` and `versioned` are orm.py's helpers for trails and version checks."""
    trails = ((IncomingNonconformance, IncomingHistoryEntry, s.incoming_nonconformances,
               s.incoming_nonconformance_history),
              (CorrectionRequest, CorrectionHistoryEntry, s.correction_requests, s.correction_request_history),
              (RewardPenaltyNotice, NoticeHistoryEntry, r.reward_penalty_notices, r.reward_penalty_notice_history),
              (Emergency, EmergencyHistoryEntry, e.emergencies, e.emergency_history))
    for aggregate, entry, table, history in trails:
        mapper_registry.map_imperatively(entry, history)
        mapper_registry.map_imperatively(aggregate, table, **versioned(table), properties={
            "history": children(entry, history, [history.c.at, history.c.id])})
    mapper_registry.map_imperatively(SupplierReceipt, s.supplier_receipts)
    mapper_registry.map_imperatively(Supplier, s.suppliers, **versioned(s.suppliers), properties={
        "receipts": children(SupplierReceipt, s.supplier_receipts, s.supplier_receipts.c.month)})
    mapper_registry.map_imperatively(SupplierRecovery, s.supplier_recoveries, **versioned(s.supplier_recoveries))
    mapper_registry.map_imperatively(Clause, r.reward_penalty_clauses, **versioned(r.reward_penalty_clauses))
    # the claim shows what is recovered from the supplier (read only from its side)
    class_mapper(Claim).add_property("supplier_recovery", relationship(
        SupplierRecovery, viewonly=True, uselist=False, lazy="selectin"))
