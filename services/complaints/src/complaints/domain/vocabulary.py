"""The complaint service's closed vocabularies (DOMAIN.md §1, CONTRACT.md) and who owns what."""
from __future__ import annotations

from datetime import timedelta, timezone
from enum import StrEnum

# The company's clock (Beijing, no daylight saving): working days and months are counted on it.
COMPANY_TZ = timezone(timedelta(hours=8))


class Category(StrEnum):
    """What the complaint is about (000 客户投诉处理控制程序 §3)."""

    QUALITY = "quality"
    DELIVERY = "delivery"
    QUANTITY = "quantity"
    SERVICE = "service"
    PRICE = "price"
    ENVIRONMENTAL = "environmental"
    OTHER = "other"


class Channel(StrEnum):
    """How the complaint reached the company (000 §4.1)."""

    LETTER = "letter"
    FAX = "fax"
    EMAIL = "email"
    PHONE = "phone"
    VISIT = "visit"
    RETURNED_GOODS = "returned_goods"


class Status(StrEnum):
    """Complaint lifecycle states, in order (000 §4.1-4.7)."""

    RECEIVED = "received"
    CONTAINED = "contained"
    ANALYSED = "analysed"
    ACTION_PLANNED = "action_planned"
    VERIFYING = "verifying"
    CLOSED = "closed"


class Step(StrEnum):
    """The lifecycle actions, named like the transition endpoints so a 409 can tell the client."""

    CONTAINMENT = "containment"
    ANALYSIS = "analysis"
    ACTION_PLAN = "action-plan"
    IMPLEMENTATION = "implementation"
    VERIFICATION = "verification"
    EXPLANATION = "explanation"
    CLOSURE = "closure"  # a minor internal problem, closed with its containment


class CauseCategory(StrEnum):
    """5M1E cause categories (004 §4.1)."""

    MAN = "man"
    MACHINE = "machine"
    MATERIAL = "material"
    METHOD = "method"
    ENVIRONMENT = "environment"
    MEASUREMENT = "measurement"
    OTHER = "other"


class Responsibility(StrEnum):
    """Who caused the problem (000 §4.3)."""

    COMPANY = "company"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


class Department(StrEnum):
    """Departments that own complaints or are responsible for their causes (CONTRACT.md)."""

    SALES = "sales"
    PRODUCTION = "production"
    PURCHASING = "purchasing"
    QUALITY = "quality"
    ENGINEERING = "engineering"
    FINANCE = "finance"
    LEGAL = "legal"
    GENERAL_MANAGER = "general_manager"


class Deadline(StrEnum):
    """The two replies owed to the customer (000 §4.5.2)."""

    CONTAINMENT = "containment"
    CORRECTIVE_ACTION = "corrective_action"


class Escalation(StrEnum):
    """Who is told about a missed deadline: the department head first, then the general manager."""

    DEPARTMENT_HEAD = "department_head"
    GENERAL_MANAGER = "general_manager"


class IncidentClass(StrEnum):
    """Quality incident classes (004 §3), mildest first."""

    GENERAL = "general"
    BATCH = "batch"
    MAJOR = "major"


class ClosureReason(StrEnum):
    """Why a complaint or an internal problem was closed."""

    VERIFIED_EFFECTIVE = "verified_effective"
    CUSTOMER_RESPONSIBILITY = "customer_responsibility"
    MINOR_CONTAINED = "minor_contained"  # 轻微问题: closed with its temporary action


class ProblemLevel(StrEnum):
    """Level of an internal quality problem (004 生产质量问题处理流程 §3.2)."""

    MINOR = "minor"  # 轻微问题: sporadic, closed once the temporary action is given
    GENERAL = "general"  # 一般问题: a clear owner, no effect on shipping or on the customer
    IMPORTANT = "important"  # 重要问题: may affect the product at the customer and the company's name


# Quality and environmental complaints belong to the quality dept, the rest to sales (000 §3).
_QUALITY_OWNED = frozenset({Category.QUALITY, Category.ENVIRONMENTAL})


def owner_department(category: str) -> Department:
    """The department that receives, investigates and answers a complaint of `category`."""
    return Department.QUALITY if Category(category) in _QUALITY_OWNED else Department.SALES


def format_number(prefix: str, year: int, sequence: int) -> str:
    """A human number such as CP-2026-000001 (prefix, year of receipt, sequence within the year)."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{prefix}-{year:04d}-{sequence:06d}"
