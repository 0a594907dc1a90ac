"""Reading a declaration from a request: JSON (the product's own shape) or IPC-1752A XML."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from marshmallow import ValidationError

from qms_shared.domain import ValidationFailed
from qms_shared.web.problems import flatten_messages

from ....adapters.ipc1752a import parse_ipc1752a
from .schemas import DeclarationSchema

XML_TYPES = ("application/xml", "text/xml")


@dataclass
class IncomingDeclaration:
    """A declaration read from the request, before the domain validates its values."""

    materials: list[dict[str, Any]]
    source: str
    test_report_date: date | None = None
    supplier_declaration_date: date | None = None
    product_code: str | None = None

    def check_product(self, code: str) -> None:
        """An IPC-1752A file that names another product is refused (wrong file attached)."""
        if self.product_code and self.product_code.strip() != code:
            raise ValidationFailed("the declaration is for another product", errors={
                "file": [f"it declares item {self.product_code!r}, not {code!r}"]})


def read_declaration(request) -> IncomingDeclaration:
    """Parse the body by its content type; anything else is a 415-like 422 with the reason."""
    if request.mimetype in XML_TYPES:
        parsed = parse_ipc1752a(request.get_data())
        return IncomingDeclaration(parsed.materials, "ipc1752a", supplier_declaration_date=parsed.declaration_date,
                                   product_code=parsed.product_code)
    if request.mimetype != "application/json":
        raise ValidationFailed("send the declaration as application/json or as IPC-1752A application/xml",
                               errors={"content_type": [f"unsupported: {request.mimetype or 'none'}"]})
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed("the body is not a JSON object", errors={"_schema": ["invalid JSON object"]})
    try:
        data = DeclarationSchema().load(body)
    except ValidationError as error:
        raise ValidationFailed("the request does not match the schema",
                               errors=flatten_messages(error.messages)) from None
    return IncomingDeclaration(data["materials"], "json", data["test_report_date"], data["supplier_declaration_date"])
