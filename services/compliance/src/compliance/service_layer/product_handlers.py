"""Handlers of products, declarations, evaluations and nonconformances."""
from __future__ import annotations

from qms_shared.domain import Conflict, NotFound

from ..domain import commands as c
from ..domain.evaluation import Evaluation
from ..domain.nonconformance import Nonconformance
from ..domain.product import Product, parse_materials
from . import integration_events
from .evaluating import check_version, evaluate_product, reevaluate_products
from .results import Impact

def register_product(cmd: c.RegisterProduct, *, uow, config) -> Product:
    """Register a product with its declaration and evaluate it at once."""
    materials = parse_materials(cmd.materials)
    with uow:
        if uow.products.by_code(str(cmd.fields.get("code", "")).strip()) is not None:
            raise Conflict(f"a product with code {cmd.fields['code']!r} is already registered")
        product = Product.register(**cmd.fields, materials=materials, at=cmd.at)
        uow.products.add(product)
        integration_events.publish(uow, product)
        evaluate_product(uow, config, product, at=cmd.at, trigger="product registered", by=cmd.by)
        uow.commit()
        return product


def update_product(cmd: c.UpdateProduct, *, uow, config) -> Product:
    """Change what is known about a product and evaluate it again."""
    with uow:
        product = _product(uow, cmd.product_id)
        check_version(product, cmd.expected_version)
        if product.update_details(cmd.changes, at=cmd.at):
            evaluate_product(uow, config, product, at=cmd.at, trigger="product updated", by=cmd.by)
            uow.commit()
        return product


def record_declaration(cmd: c.RecordDeclaration, *, uow, config) -> Product:
    """Replace the material declaration (all or nothing) and evaluate again."""
    materials = parse_materials(cmd.materials)
    with uow:
        product = _product(uow, cmd.product_id)
        product.declare(materials, source=cmd.source, at=cmd.at, test_report_date=cmd.test_report_date,
                        supplier_declaration_date=cmd.supplier_declaration_date)
        integration_events.publish(uow, product)
        evaluate_product(uow, config, product, at=cmd.at, trigger=f"declaration ({cmd.source})", by=cmd.by)
        uow.commit()
        return product


def evaluate_now(cmd: c.EvaluateProduct, *, uow, config) -> Evaluation:
    """Evaluate one product on request."""
    with uow:
        product = _product(uow, cmd.product_id)
        evaluation = evaluate_product(uow, config, product, at=cmd.at, trigger="request", by=cmd.by)
        uow.commit()
        return evaluation


def reevaluate_all(cmd: c.ReevaluateAll, *, uow, config) -> Impact:
    """Evaluate every product again: exemptions that expired and reports that went stale move products."""
    with uow:
        report, report_id = reevaluate_products(uow, config, at=cmd.at, trigger=cmd.trigger, as_of=cmd.as_of)
        uow.commit()
        return Impact.of(report, report_id)


def open_nonconformance(cmd: c.OpenNonconformance, *, uow, config) -> Nonconformance:
    """Open a nonconformance by hand (e.g. a finding outside any evaluation)."""
    with uow:
        product = _product(uow, cmd.product_id)
        nc = Nonconformance.open(number=uow.next_number("NC", cmd.at.year), product_id=product.id,
                                 product_code=product.code, description=cmd.description,
                                 owner_department=cmd.owner_department, at=cmd.at, by=cmd.by)
        uow.nonconformances.add(nc)
        integration_events.publish(uow, nc)
        uow.commit()
        return nc


def act_on_nonconformance(cmd: c.ActOnNonconformance, *, uow, config) -> Nonconformance:
    """Plan the corrective action, reassign, or close."""
    with uow:
        nc = uow.nonconformances.get(cmd.nonconformance_id)
        if nc is None:
            raise NotFound(f"no nonconformance {cmd.nonconformance_id}")
        if cmd.action == "plan":
            nc.plan_action(corrective_action=cmd.values.get("corrective_action"), due_on=cmd.values.get("due_on"),
                           at=cmd.at, by=cmd.by)
        elif cmd.action == "reassign":
            nc.reassign(cmd.values.get("owner_department"), at=cmd.at, by=cmd.by)
        else:
            nc.close(note=cmd.values.get("note"), at=cmd.at, by=cmd.by)
        integration_events.publish(uow, nc)
        uow.commit()
        return nc


def _product(uow, product_id) -> Product:
    product = uow.products.get(product_id)
    if product is None:
        raise NotFound(f"no product {product_id}")
    return product


HANDLERS = {
    c.RegisterProduct: register_product, c.UpdateProduct: update_product, c.RecordDeclaration: record_declaration,
    c.EvaluateProduct: evaluate_now, c.ReevaluateAll: reevaluate_all, c.OpenNonconformance: open_nonconformance,
    c.ActOnNonconformance: act_on_nonconformance,
}
