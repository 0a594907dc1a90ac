"""Handlers of products, declarations, evaluations and nonconformances."""
from __future__ import annotations

from qms_shared.domain import Conflict

from ..domain import commands as c
from ..domain.evaluation import Evaluation
from ..domain.nonconformance import Nonconformance
from ..domain.product import Product, parse_materials
from . import integration_events
from .dependencies import Dependencies
from .evaluating import evaluate_product, reevaluate_products
from .loading import check_version, get_or_404
from .results import Impact


def register_product(cmd: c.RegisterProduct, *, uow, deps: Dependencies) -> Product:
    """Register a product with its declaration and evaluate it at once."""
    materials = parse_materials(cmd.materials)
    with uow:
        if uow.products.by_code(str(cmd.fields.get("code", "")).strip()) is not None:
            raise Conflict(f"a product with code {cmd.fields['code']!r} is already registered")
        product = Product.register(**cmd.fields, materials=materials, at=cmd.at)
        uow.products.add(product)
        integration_events.publish(uow, product)
        evaluate_product(uow, deps, product, at=cmd.at, trigger="product registered", by=cmd.actor.id)
        uow.commit()
        return product


def update_product(cmd: c.UpdateProduct, *, uow, deps: Dependencies) -> Product:
    """Change what is known about a product and evaluate it again."""
    with uow:
        product = get_or_404(uow.products, cmd.product_id, "product")
        check_version(product, cmd.expected_version)
        if product.update_details(cmd.changes, at=cmd.at):
            evaluate_product(uow, deps, product, at=cmd.at, trigger="product updated", by=cmd.actor.id)
            uow.commit()
        return product


def record_declaration(cmd: c.RecordDeclaration, *, uow, deps: Dependencies) -> Product:
    """Replace the material declaration (all or nothing) and evaluate again."""
    materials = parse_materials(cmd.materials)
    with uow:
        product = get_or_404(uow.products, cmd.product_id, "product")
        check_version(product, cmd.expected_version)
        product.declare(materials, source=cmd.source, at=cmd.at, test_report_date=cmd.test_report_date,
                        supplier_declaration_date=cmd.supplier_declaration_date)
        integration_events.publish(uow, product)
        evaluate_product(uow, deps, product, at=cmd.at, trigger=f"declaration ({cmd.source})", by=cmd.actor.id)
        uow.commit()
        return product


def evaluate_now(cmd: c.EvaluateProduct, *, uow, deps: Dependencies) -> Evaluation:
    """Evaluate one product on request."""
    with uow:
        product = get_or_404(uow.products, cmd.product_id, "product")
        evaluation = evaluate_product(uow, deps, product, at=cmd.at, trigger="request", by=cmd.actor.id)
        uow.commit()
        return evaluation


def reevaluate_all(cmd: c.ReevaluateAll, *, uow, deps: Dependencies) -> Impact:
    """Evaluate every product again: expired exemptions, stale reports and versions taking effect move products."""
    as_of = cmd.as_of or cmd.at.date()
    with uow:
        starting = sorted(r.code for r in uow.regulations.all() if r.effective_date == as_of and r.status == "active")
        trigger = f"{cmd.trigger}; in force from {as_of}: {', '.join(starting)}" if starting else cmd.trigger
        report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger=trigger[:200], as_of=as_of)
        uow.commit()
        return Impact.of(report, report_id)


def open_nonconformance(cmd: c.OpenNonconformance, *, uow, deps: Dependencies) -> Nonconformance:
    """Open a nonconformance by hand (e.g. a finding outside any evaluation)."""
    with uow:
        product = get_or_404(uow.products, cmd.product_id, "product")
        nc = Nonconformance.open(number=uow.next_number("NC", cmd.at.year), product_id=product.id,
                                 product_code=product.code, description=cmd.description,
                                 owner_department=cmd.owner_department, at=cmd.at, by=cmd.actor.id)
        uow.nonconformances.add(nc)
        integration_events.publish(uow, nc)
        uow.commit()
        return nc


def act_on_nonconformance(cmd: c.ActOnNonconformance, *, uow, deps: Dependencies) -> Nonconformance:
    """Plan the corrective action, reassign, or close."""
    with uow:
        nc = get_or_404(uow.nonconformances, cmd.nonconformance_id, "nonconformance")
        check_version(nc, cmd.expected_version)
        by, values = cmd.actor.id, cmd.values
        if cmd.action == "plan":
            nc.plan_action(corrective_action=values.get("corrective_action"), due_on=values.get("due_on"),
                           at=cmd.at, by=cmd.actor)
        elif cmd.action == "reassign":
            nc.reassign(values.get("owner_department"), at=cmd.at, by=by)
        else:
            nc.close(note=values.get("note"), at=cmd.at, by=by)
        integration_events.publish(uow, nc)
        uow.commit()
        return nc


HANDLERS = {
    c.RegisterProduct: register_product, c.UpdateProduct: update_product, c.RecordDeclaration: record_declaration,
    c.EvaluateProduct: evaluate_now, c.ReevaluateAll: reevaluate_all, c.OpenNonconformance: open_nonconformance,
    c.ActOnNonconformance: act_on_nonconformance,
}
