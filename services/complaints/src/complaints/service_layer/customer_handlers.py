"""Customer archive handlers: register, change, grade, purchases, visits, import; and the customers that
complaints, praises and surveys name (added to the archive, to be completed, when it does not know them)."""
from __future__ import annotations

from qms_shared import imports
from qms_shared.domain import Conflict, NotFound, PreconditionFailed

from ..domain import customer_commands as cc
from ..domain.customer import Customer
from ..domain.customer_import import CustomerImportPlan, CustomerRow, read_customers
from ..domain.vocabulary import COMPANY_TZ
from .customer_integration import publish_customer


def load_customer(uow, customer_id: str, expected_version: int | None = None) -> Customer:
    """The customer, checked against the version the client last read (If-Match)."""
    found = uow.customers.get(customer_id)
    if found is None:
        raise NotFound(f"No customer {customer_id}.")
    if expected_version is not None and expected_version != found.version:
        raise PreconditionFailed(f"The customer is at version {found.version}, not {expected_version}; read it again.")
    return found


def note_customers(uow, named: list[tuple[str, str | None]], *, source: str, by: str, at) -> list[Customer]:
    """Add each customer a record names and the archive does not know yet, marked to be completed (and
    announced); a known one is left as it is. Called inside the record's own transaction, before its commit."""
    added = []
    for customer_id, name in named:
        if not isinstance(customer_id, str) or not customer_id.strip():
            continue  # the record's own validation refuses it
        if uow.customers.known(customer_id.strip()):
            continue  # the usual case, answered by one index probe: a known customer is left as it is
        uow.customers.lock(customer_id.strip())
        if uow.customers.known(customer_id.strip()):
            continue  # added by another record meanwhile
        customer = Customer.named_elsewhere(id=customer_id.strip(), name=name, source=source, by=by, at=at)
        uow.customers.add(customer)
        publish_customer(uow, customer)
        added.append(customer)
    return added


def register_customer(cmd: cc.RegisterCustomer, *, uow, deps) -> Customer:
    """Enter a customer; an id already in the archive is a conflict (change it instead)."""
    now = deps.clock()
    with uow:
        uow.customers.lock(cmd.customer_id.strip())
        if uow.customers.get(cmd.customer_id.strip()) is not None:
            raise Conflict(f"Customer {cmd.customer_id} is already in the archive.")
        customer = Customer.register(id=cmd.customer_id, name=cmd.name, grade=cmd.grade, by=cmd.actor.label, at=now,
                                     rules=deps.visit_rules, **cmd.fields)
        uow.customers.add(customer)
        publish_customer(uow, customer)
        uow.commit()
        return customer


def change_customer(cmd: cc.ChangeCustomer, *, uow, deps) -> Customer:
    """Change fields and, with a reason, the grade; a write through the archive completes the customer."""
    now, changes = deps.clock(), dict(cmd.changes)
    with uow:
        customer = load_customer(uow, cmd.customer_id, cmd.expected_version)
        if "grade" in changes:
            customer.change_grade(grade=changes.pop("grade"), reason=changes.pop("grade_reason", None),
                                  by=cmd.actor.label, at=now, roles=cmd.actor.roles, department=cmd.actor.department)
        changes.pop("grade_reason", None)
        customer.update(changes, by=cmd.actor.label, at=now, rules=deps.visit_rules)
        publish_customer(uow, customer)
        uow.commit()
        return customer


def record_purchases(cmd: cc.RecordPurchases, *, uow, deps) -> Customer:
    """Record a year's purchase figures."""
    with uow:
        customer = load_customer(uow, cmd.customer_id, cmd.expected_version)
        customer.record_purchases(year=cmd.year, quantity=cmd.quantity, unit=cmd.unit, revenue=cmd.revenue,
                                  by=cmd.actor.label, at=deps.clock())
        publish_customer(uow, customer)
        uow.commit()
        return customer


def record_visit(cmd: cc.RecordVisit, *, uow, deps) -> Customer:
    """Record a follow-up visit; the next is planned by the rule (monthly in the first year, quarterly after)."""
    with uow:
        customer = load_customer(uow, cmd.customer_id)
        customer.record_visit(visited_on=cmd.visited_on, channel=cmd.channel, visited_by=cmd.visited_by,
                              note=cmd.note, by=cmd.actor.label, at=deps.clock(), rules=deps.visit_rules)
        publish_customer(uow, customer)
        uow.commit()
        return customer


def import_customers(cmd: cc.ImportCustomers, *, uow, deps) -> dict:
    """Import customer rows, idempotent by id; all or nothing. Any refused row refuses the file (422 with
    the report); a dry run reports what would be added and changed."""
    batch = read_customers(cmd.rows)
    by = cmd.actor.label
    with uow:
        uow.customers.lock_for_import()
        uow.customers.lock_many(batch.keys())  # a complaint naming one of them waits, then finds it
        customers = uow.customers.get_many(batch.keys())
        stored = {row.key: CustomerRow.of(customers[row.key], row.fields) for _n, row in batch.records
                  if row.key in customers}
        plan = CustomerImportPlan.of(batch, stored)
        report = plan.report(batch, dry_run=cmd.dry_run)
        if batch.refused:
            raise imports.refusal(report)
        if not report["written"]:
            return report
        for row in plan.added:
            fields, grade = row.changes(Customer(id=row.id, name="", source="import", to_complete=False,
                                                 created_by=by, created_at=cmd.at))
            customer = Customer.register(id=row.id, grade=grade or None, source="import", by=by, at=cmd.at,
                                         rules=deps.visit_rules, **fields)
            uow.customers.add(customer)
            publish_customer(uow, customer)
        for _n, row, _diff in plan.changed:
            customer = customers[row.id]
            fields, grade = row.changes(customer)
            if grade is not None:
                customer.change_grade(grade=grade or None, reason="import", by=by, at=cmd.at, roles={"system"})
            customer.update(fields, by=by, at=cmd.at, rules=deps.visit_rules)
            publish_customer(uow, customer)
        uow.commit()
    return report


CUSTOMER_HANDLERS = {
    cc.RegisterCustomer: register_customer, cc.ChangeCustomer: change_customer,
    cc.RecordPurchases: record_purchases, cc.RecordVisit: record_visit, cc.ImportCustomers: import_customers,
}


def scan_visits(uow, deps, at) -> list[tuple[Customer, int]]:
    """(customer, escalation level) for each planned visit newly late at `at`; one transaction per customer."""
    with uow:
        candidates = uow.customers.visits_due(at.astimezone(COMPANY_TZ).date())
    found = []
    for customer_id in candidates:
        try:
            with uow:
                customer = uow.customers.get(customer_id)
                level = customer.detect_visit_overdue(at, deps.visit_rules) if customer else 0
                if level:
                    publish_customer(uow, customer)
                    uow.commit()
                    found.append((customer, level))
        except Conflict:
            continue  # changed meanwhile (a visit recorded?): the next scan looks again
    return found
