"""Tables of the reviews database and their imperative mapping to the domain classes."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Table,
                        Text, Uuid, case, literal_column, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import registry, relationship

from qms_shared.db import new_metadata

from ..domain.compliance import ChecklistItem, KnownRequirement, ProductCompliance
from ..domain.contract import Contract
from ..domain.customers import KnownCustomer
from ..domain.departments import DEPARTMENTS
from ..domain.lines import ContractLine
from ..domain.registers import CustomerProperty, Sample
from ..domain.reviews import ContractRevision, Decision, DepartmentReview

metadata = new_metadata()
mapper_registry = registry(metadata=metadata)
Json = JSONB()
At = DateTime(timezone=True)


def _contract_fk():
    return Column("contract_id", Uuid, ForeignKey("contracts.id", ondelete="CASCADE"), nullable=False, index=True)


contracts = Table(
    "contracts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("customer_id", String(100), nullable=False, index=True),
    Column("customer_name", String(200), nullable=False),
    Column("salesperson", String(200), nullable=False),
    Column("region", String(100)),
    Column("source", String(10), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("payment_terms", Text),
    Column("requirements", Text),
    Column("type", String(10), nullable=False),
    Column("type_reasons", Json, nullable=False),
    Column("type_history", Json, nullable=False, server_default=text("'[]'::jsonb")),
    Column("required_departments", Json, nullable=False),
    Column("status", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("confirmed_by", String(200)),
    Column("confirmation_note", Text),
    Column("confirmed_at", At),
    Column("product_compliance", Json, nullable=False),
    Column("compliance_status", String(10), nullable=False),
    Column("waiver_reason", Text),
    Column("waived_by", String(200)),
    Column("waived_at", At),
    Column("waived_products", Json, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", At, nullable=False),
    Column("updated_at", At, nullable=False),
    Column("version", Integer, nullable=False),
)
Index("ix_contracts_status_created", contracts.c.status, contracts.c.created_at)
Index("ix_contracts_created_at", contracts.c.created_at)
# The register's free-text search (`q`, a part of the number or the customer's name) uses trigram indexes.
for _name in ("number", "customer_name"):
    Index(f"ix_contracts_{_name}_trgm", contracts.c[_name], postgresql_using="gin",
          postgresql_ops={_name: "gin_trgm_ops"})

# The customer facts start from the accepted contracts (customer_facts.py): a partial index of them.
Index("ix_contracts_accepted_customer", contracts.c.customer_id, postgresql_where=contracts.c.status == "accepted")

contract_lines = Table(
    "contract_lines", metadata,
    Column("id", Uuid, primary_key=True), _contract_fk(),
    Column("line_no", Integer, nullable=False),
    Column("product_code", String(100), nullable=False, index=True),
    Column("product_name", String(200), nullable=False),
    Column("model", String(200), nullable=False),
    Column("quantity", Numeric(18, 3), nullable=False),
    Column("unit_price", Numeric(18, 4), nullable=False),
    Column("requested_delivery_date", Date, nullable=False),
    Column("new_product", Boolean, nullable=False),
    Column("modified", Boolean, nullable=False),
)

contract_reviews = Table(
    "contract_reviews", metadata,
    Column("id", Uuid, primary_key=True), _contract_fk(),
    Column("department", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("requested_at", At, nullable=False),
    Column("due_at", At),
    Column("opinion", String(30)),
    Column("comment", Text),
    Column("delivery_date", Date),
    Column("reviewer_id", String(200)),
    Column("reviewer_name", String(200)),
    Column("reviewed_at", At),
    Column("overdue", Boolean, nullable=False),
)
Index("ix_contract_reviews_pending_due", contract_reviews.c.due_at,
      postgresql_where=text("status = 'pending' AND NOT overdue"))

contract_decisions = Table(
    "contract_decisions", metadata,
    Column("id", Uuid, primary_key=True), _contract_fk(),
    Column("revision", Integer, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("reason", Text),
    Column("decided_by", String(200), nullable=False),
    Column("decided_by_name", String(200), nullable=False),
    Column("decided_at", At, nullable=False),
    Column("overruled_departments", Json, nullable=False),
)

contract_revisions = Table(
    "contract_revisions", metadata,
    Column("id", Uuid, primary_key=True), _contract_fk(),
    Column("number", Integer, nullable=False),
    Column("terms", Json, nullable=False),
    Column("reason", Text),
    Column("changed", Json, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", At, nullable=False),
)

checklist_items = Table(
    "checklist_items", metadata,
    Column("id", Uuid, primary_key=True), _contract_fk(),
    Column("requirement_id", String(100), nullable=False),
    Column("category", String(50), nullable=False),
    Column("text", Text, nullable=False),
    Column("acknowledged_by", String(200)),
    Column("acknowledged_at", At),
)

product_compliance = Table(
    "product_compliance", metadata,
    Column("product_code", String(100), primary_key=True),
    Column("product_id", String(100)),
    Column("status", String(30), nullable=False),
    Column("evaluated_at", At, nullable=False),
    Column("version", Integer, nullable=False),
)

known_requirements = Table(
    "known_requirements", metadata,
    Column("requirement_id", String(100), primary_key=True),
    Column("customer_id", String(100), nullable=False, index=True),
    Column("category", String(50), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(30), nullable=False),
    Column("updated_at", At, nullable=False),
    Column("version", Integer, nullable=False),
)

# Delivery history imported from the company's records (delivery_history.py); the key is the document's line.
# Document codes sort bytewise (collation "C"), as Python sorts them: the facts name the latest delivery.
delivery_history = Table(
    "delivery_history", metadata,
    Column("source_document", String(100, collation="C"), primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("customer_id", String(100), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("product_code", String(100), nullable=False),
    Column("model", String(200), nullable=False),
    Column("delivered_on", Date, nullable=False),
    Column("quantity", Numeric(18, 3), nullable=False),
    Column("imported_at", At, nullable=False),
    Column("imported_by", String(200), nullable=False),
)
# The customer facts look for the latest delivery of a product and to a customer (customer_facts.py).
for _name in ("product_code", "customer_id"):
    Index(f"ix_delivery_history_{_name}_latest", delivery_history.c[_name], delivery_history.c.delivered_on.desc(),
          delivery_history.c.source_document.desc(), delivery_history.c.line.desc())

# Customers the customer archive (complaints service) announced: existing customers for classification.
known_customers = Table(
    "known_customers", metadata,
    Column("customer_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("updated_at", At, nullable=False),
    Column("version", Integer, nullable=False),
)

samples = Table(
    "samples", metadata,
    Column("id", Uuid, primary_key=True),
    Column("customer_id", String(100), nullable=False, index=True),
    Column("customer_name", String(200), nullable=False),
    Column("sample_name", String(200), nullable=False),
    Column("specification", String(200)),
    Column("quantity", Integer, nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("salesperson", String(200), nullable=False),
    Column("contract_id", Uuid),
    Column("note", Text),
    Column("result", String(20)),
    Column("result_on", Date),
    Column("created_at", At, nullable=False),
    Column("version", Integer, nullable=False),
)

customer_property = Table(
    "customer_property", metadata,
    Column("id", Uuid, primary_key=True),
    Column("customer_id", String(100), nullable=False, index=True),
    Column("customer_name", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("received_by", String(200), nullable=False),
    Column("inspection", Text),
    Column("handed_to_department", String(50)),
    Column("note", Text),
    Column("issue", String(20)),
    Column("issue_note", Text),
    Column("created_at", At, nullable=False),
    Column("version", Integer, nullable=False),
)

# The review form's order as SQL (constants written out, not bound: nothing to send on every read).
_FORM_ORDER = case(*((contract_reviews.c.department == literal_column(f"'{department}'"), literal_column(str(n)))
                     for n, department in enumerate(DEPARTMENTS)))

# A contract's child collections: attribute -> (class, table, order). The repository loads every one of
# them with the contract (selectinload: one query per collection), since commands and reads need them all.
CONTRACT_CHILDREN = {
    "lines": (ContractLine, contract_lines, (contract_lines.c.line_no,)),
    # Reviews asked at the same moment come in the review form's order, the same on every read.
    "reviews": (DepartmentReview, contract_reviews,
                (contract_reviews.c.revision, contract_reviews.c.requested_at, _FORM_ORDER)),
    "decisions": (Decision, contract_decisions, (contract_decisions.c.decided_at,)),
    "revisions": (ContractRevision, contract_revisions, (contract_revisions.c.number,)),
    "checklist": (ChecklistItem, checklist_items, (checklist_items.c.requirement_id,)),
}

_mapped = False


def start_mappers() -> None:
    """Map the domain classes once per process; the domain bumps `version` itself, and the mapping's
    version check (`version_id_col`) refuses a flush of a contract changed by someone else since it was read."""
    global _mapped
    if _mapped:
        return
    for cls, table, _order in CONTRACT_CHILDREN.values():
        mapper_registry.map_imperatively(cls, table)
    mapper_registry.map_imperatively(Contract, contracts, version_id_col=contracts.c.version,
                                     version_id_generator=False, properties={
        # A contract is always loaded whole: the reviews (the largest collection) joined to its row, each
        # other collection by one more query (joining two collections would multiply their rows).
        name: relationship(cls, order_by=list(order), cascade="all, delete-orphan",
                           lazy="joined" if name == "reviews" else "selectin")
        for name, (cls, _table, order) in CONTRACT_CHILDREN.items()
    })
    for cls, table in ((ProductCompliance, product_compliance), (KnownRequirement, known_requirements),
                       (Sample, samples), (CustomerProperty, customer_property), (KnownCustomer, known_customers)):
        mapper_registry.map_imperatively(cls, table, version_id_col=table.c.version, version_id_generator=False)
    _mapped = True
