"""/api/v1/products: products, their material declarations and their evaluation."""
from __future__ import annotations

import uuid

from flask import request
from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.domain import NotFound
from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag, doc_if_match
from qms_shared.web.schemas import PageArgs, page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain.commands import EvaluateProduct, RecordDeclaration, RegisterProduct, UpdateProduct
from ....service_layer.queries import china_rohs_table
from ..common import ctx, today
from ..evaluations.schemas import EvaluationReadSchema
from .declarations import read_declaration
from .schemas import (ChinaRohsTableArgs, ChinaRohsTableSchema, ProductCreateSchema, ProductListArgs,
                      ProductReadSchema, ProductUpdateSchema)
from ..printing import PRINTABLE
from .table import as_csv, as_page

blp = Blueprint("products", __name__, url_prefix="/api/v1/products",
                description="Products, material declarations and compliance evaluation")
EDITORS = ("quality", "engineering", "purchasing")


@blp.route("")
class Products(MethodView):
    """The products."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(ProductListArgs, location="query")
    @blp.response(200, page_of(ProductReadSchema))
    def get(self, args):
        """List products by code; filter by status, code or customer."""
        criteria = {name: args[name] for name in ("status", "code", "customer_id") if name in args}
        with ctx().uow_factory() as uow:
            items, total = uow.products.search(criteria, offset=(args["page"] - 1) * args["per_page"],
                                               limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles(*EDITORS)
    @idempotent
    @doc_etag
    @blp.arguments(ProductCreateSchema)
    @blp.response(201, ProductReadSchema)
    def post(self, data):
        """Register a product with its materials; it is evaluated at once."""
        materials = data.pop("materials")
        product = ctx().bus.handle(RegisterProduct(fields=data, materials=materials, actor=current_actor(),
                                                   at=utcnow()))
        return product, 201, {"Location": f"/api/v1/products/{product.id}", **etag(product)}


@blp.route("/<uuid:product_id>")
class ProductById(MethodView):
    """One product."""

    @requires_roles(*ANY_ROLE)
    @doc_etag
    @blp.response(200, ProductReadSchema)
    def get(self, product_id: uuid.UUID):
        """Read a product with its declaration and status."""
        with ctx().uow_factory() as uow:
            product = _product(uow, product_id)
            return product, etag(product)

    @requires_roles(*EDITORS)
    @doc_if_match
    @blp.arguments(ProductUpdateSchema)
    @blp.response(200, ProductReadSchema)
    def patch(self, data, product_id: uuid.UUID):
        """Change name, customers, markets or evidence dates (If-Match: lock_version); evaluated again."""
        product = ctx().bus.handle(UpdateProduct(product_id=product_id, changes=data, actor=current_actor(),
                                                 at=utcnow(), expected_version=expected_version()))
        return product, etag(product)


@blp.route("/<uuid:product_id>/declarations")
class Declarations(MethodView):
    """The product's material declaration."""

    @requires_roles(*EDITORS)
    @doc_if_match
    @blp.doc(requestBody={"required": True, "content": {
        "application/json": {"schema": "DeclarationSchema"},
        "application/xml": {"schema": {"type": "string", "description": "An IPC-1752A MainDeclaration"}}}})
    @blp.response(200, ProductReadSchema)
    def post(self, product_id: uuid.UUID):
        """Replace the declaration with a JSON one or an IPC-1752A XML file; all or nothing, then evaluated."""
        declaration = read_declaration(request)
        with ctx().uow_factory() as uow:
            code = _product(uow, product_id).code
        declaration.check_product(code)
        product = ctx().bus.handle(RecordDeclaration(
            product_id=product_id, materials=declaration.materials, source=declaration.source,
            test_report_date=declaration.test_report_date,
            supplier_declaration_date=declaration.supplier_declaration_date, actor=current_actor(), at=utcnow(),
            expected_version=expected_version()))
        return product, etag(product)


@blp.route("/<uuid:product_id>/evaluation")
class ProductEvaluation(MethodView):
    """The product's latest evaluation."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, EvaluationReadSchema)
    def get(self, product_id: uuid.UUID):
        """The latest result with its reasons, substance by substance."""
        with ctx().uow_factory() as uow:
            _product(uow, product_id)
            evaluation = uow.evaluations.latest(product_id)
            if evaluation is None:
                raise NotFound(f"product {product_id} has not been evaluated yet")
            return evaluation

    @requires_roles("quality", "engineering", "purchasing", "system")
    @blp.response(200, EvaluationReadSchema)
    def post(self, product_id: uuid.UUID):
        """Evaluate the product now."""
        return ctx().bus.handle(EvaluateProduct(product_id=product_id, actor=current_actor(), at=utcnow()))


@blp.route("/<uuid:product_id>/evaluations")
class ProductEvaluations(MethodView):
    """The product's history of results."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(EvaluationReadSchema))
    def get(self, args, product_id: uuid.UUID):
        """Every result, newest first."""
        with ctx().uow_factory() as uow:
            _product(uow, product_id)
            items, total = uow.evaluations.search({"product_id": product_id}, offset=(args["page"] - 1) * args["per_page"],
                                                  limit=args["per_page"])
            return page_body(items, total, args)


@blp.route("/<uuid:product_id>/china-rohs-table")
class ChinaRohsTable(MethodView):
    """The hazardous-substance table (有害物质名称及含量表) for China RoHS marking."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(ChinaRohsTableArgs, location="query")
    @blp.response(200, ChinaRohsTableSchema)
    @blp.doc(responses={"200": {
        "description": "The table as JSON, a printable page (`format=html`), its PDF (`format=pdf`) or CSV "
                       "(`format=csv`)",
        "content": {"application/json": {"schema": ChinaRohsTableSchema}, **PRINTABLE, "text/csv": {
            "schema": {"type": "string", "description": "UTF-8 with BOM, formulas neutralised"}}}}})
    def get(self, args, product_id: uuid.UUID):
        """Parts x restricted substances with ○/× under the China RoHS version in force, notes, use period."""
        table = china_rohs_table(ctx().uow_factory(), product_id, args["as_of"] or today())
        if args["format"] in ("html", "pdf"):
            return as_page(table, args["format"])  # a Response passes through the JSON schema untouched
        if args["format"] == "csv":
            return as_csv(table)
        return table


def _product(uow, product_id: uuid.UUID):
    product = uow.products.get(product_id)
    if product is None:
        raise NotFound(f"no product {product_id}")
    return product
