"""Tables of the complaints database and their imperative mapping to the domain classes."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import registry

from qms_shared.db import new_metadata

from ..domain.skeleton import Complaint

metadata = new_metadata()
mapper_registry = registry(metadata=metadata)

complaints = Table(
    "complaints", metadata,
    Column("id", Uuid, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("customer_id", String(100), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("category", String(20), nullable=False),
    Column("description", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("owner_department", String(20), nullable=False),
    Column("version", Integer, nullable=False),
)

_mapped = False


def start_mappers() -> None:
    """Map the domain classes once per process."""
    global _mapped
    if _mapped:
        return
    mapper_registry.map_imperatively(Complaint, complaints, version_id_col=complaints.c.version)
    _mapped = True
