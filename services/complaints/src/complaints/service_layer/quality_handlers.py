"""The command -> handler table of seed 004's procedures (suppliers, reward/penalty notices, emergencies)."""
from __future__ import annotations

from ..domain import quality_commands as q
from . import emergency_handlers as e
from . import reward_penalty_handlers as r
from . import supplier_handlers as s

QUALITY_HANDLERS = {
    q.RegisterSupplier: s.register_supplier, q.ChangeSupplier: s.change_supplier,
    q.RecordSupplierReceipts: s.record_supplier_receipts, q.RecordIncomingNonconformance: s.record_incoming,
    q.ChangeIncomingNonconformance: s.change_incoming, q.ChangeCorrectionRequest: s.change_correction_request,
    q.RequestSupplierRecovery: s.request_recovery, q.ChangeSupplierRecovery: s.change_recovery,
    q.LoadClauses: r.load_clauses, q.DefineClause: r.define_clause, q.ChangeClause: r.change_clause,
    q.IssueNotice: r.issue_notice, q.ChangeNotice: r.change_notice,
    q.OpenEmergency: e.open_emergency, q.ChangeEmergency: e.change_emergency,
}
