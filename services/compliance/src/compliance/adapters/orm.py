"""Tables of the compliance database and their imperative mapping to the domain classes."""
from __future__ import annotations

from sqlalchemy import JSON, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import registry

from qms_shared.db import new_metadata

from ..domain.catalogue import SubstanceGroup
from ..domain.evaluation import Evaluation
from ..domain.interested_party import InterestedPartyRecord
from ..domain.nonconformance import Nonconformance
from ..domain.product import Product
from ..domain.regulation import Regulation
from ..domain.requirement import CustomerRequirement
from .json_types import (ExemptionsJson, HistoryJson, LimitsJson, MaterialsJson, MembersJson, ReasonsJson,
                         ReviewHistoryJson)

metadata = new_metadata()
mapper_registry = registry(metadata=metadata)

regulations = Table(
    "regulations", metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(50), nullable=False, unique=True),
    Column("title", String(500), nullable=False),
    Column("jurisdiction", String(50), nullable=False),
    Column("issuer", String(300), nullable=False),
    Column("document_version", String(100), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("last_reviewed_on", Date),
    Column("status", String(20), nullable=False),
    Column("limits", LimitsJson, nullable=False),
    Column("exemptions", ExemptionsJson, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("family", String(50)),
    Column("review_history", ReviewHistoryJson, nullable=False, server_default="[]"),
)

customer_requirements = Table(
    "customer_requirements", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("customer_id", String(100), nullable=False, index=True),
    Column("customer_name", String(200), nullable=False),
    Column("category", String(30), nullable=False),
    Column("text", Text, nullable=False),
    Column("source_document", String(300), nullable=False),
    Column("limits", LimitsJson, nullable=False),
    Column("status", String(20), nullable=False),
    Column("history", HistoryJson, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

interested_party_records = Table(
    "interested_party_records", metadata,
    Column("id", Uuid, primary_key=True),
    Column("party_name", String(200), nullable=False),
    Column("party_type", String(20), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("description", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("source", String(20), nullable=False),
    Column("source_reference", String(100), index=True),
    Column("status", String(20), nullable=False),
    Column("response", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", String(200)),
    Column("version", Integer, nullable=False),
)

products = Table(
    "products", metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(100), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("customer_ids", JSON, nullable=False),
    Column("markets", JSON, nullable=False),
    Column("test_report_date", Date),
    Column("supplier_declaration_date", Date),
    Column("materials", MaterialsJson, nullable=False),
    Column("status", String(30), index=True),
    Column("evaluated_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("efup_years", Integer),
)

substance_groups = Table(
    "substance_groups", metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(30), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("name_zh", String(200), nullable=False),
    Column("cas", String(20), nullable=False, unique=True),
    Column("element", String(3)),
    Column("members", MembersJson, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

evaluations = Table(
    "evaluations", metadata,
    Column("id", Uuid, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("product_code", String(100), nullable=False),
    Column("status", String(30), nullable=False),
    Column("evaluated_at", DateTime(timezone=True), nullable=False),
    Column("trigger", String(200), nullable=False),
    Column("reasons", ReasonsJson, nullable=False),
)
Index("ix_evaluations_product_time", evaluations.c.product_id, evaluations.c.evaluated_at)

nonconformances = Table(
    "nonconformances", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("product_id", Uuid, ForeignKey("products.id"), nullable=False, index=True),
    Column("product_code", String(100), nullable=False),
    Column("evaluation_id", Uuid),
    Column("description", Text, nullable=False),
    Column("owner_department", String(30), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("opened_by", String(200), nullable=False),
    Column("corrective_action", Text, nullable=False),
    Column("action_due_on", Date),
    Column("closed_at", DateTime(timezone=True)),
    Column("closure_note", Text, nullable=False),
    Column("history", HistoryJson, nullable=False),
    Column("version", Integer, nullable=False),
)

impact_reports = Table(
    "impact_reports", metadata,
    Column("id", Uuid, primary_key=True),
    Column("trigger", String(200), nullable=False),
    Column("evaluated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("evaluated", Integer, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("changes", JSON, nullable=False),
)

_mapped = False


def start_mappers() -> None:
    """Map the domain classes once per process."""
    global _mapped
    if _mapped:
        return
    for cls, table in ((Regulation, regulations), (CustomerRequirement, customer_requirements),
                       (InterestedPartyRecord, interested_party_records), (Product, products),
                       (Nonconformance, nonconformances), (SubstanceGroup, substance_groups)):
        mapper_registry.map_imperatively(cls, table, version_id_col=table.c.version)
    mapper_registry.map_imperatively(Evaluation, evaluations)
    _mapped = True
