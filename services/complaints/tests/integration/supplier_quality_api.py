"""Helpers of the seed 004 tests (suppliers, notices, emergencies): calls, and the events through the broker."""
from __future__ import annotations

from qms_shared.broker import connect
from qms_shared.catalogue import Catalogue
from qms_shared.relay import ConfirmingPublisher, OutboxRelay
from qms_shared.testing import ProbeQueue

SUPPLIER = {"code": "SUP-018", "name": "Dongguan Fasteners", "locale": "en",
            "contacts": [{"name": "Lily Wu", "email": "lily@fasteners.example", "role": "quality"}]}
LOT = {"supplier_code": "SUP-018", "material_code": "M-5520", "material_name": "M4 screw", "lot": "L-2603-07",
       "quantity_received": 10_000, "quantity_inspected": 200, "quantity_nonconforming": 14, "defect_class": "B",
       "defect_kind": "performance", "description": "Thread gauge no-go passes: pitch out of tolerance.",
       "evidence": ["IQC-2603-07.pdf"]}
CONFIRMATION = {"engineer": "Liu Engineer", "department_head": "Zhao QC Head"}


def call(api, auth, method: str, path: str, body=None, *, roles=("quality",), status: int = 200, **claims):
    """Call the API as `roles` and assert the status; return the JSON body (or the response when not JSON)."""
    response = getattr(api, method)(f"/api/v1{path}", json=body, headers=auth(*roles, **claims))
    assert response.status_code == status, (method, path, response.status_code, response.get_data(as_text=True))
    return response.get_json() if response.is_json else response


def register_supplier(api, auth, **overrides) -> dict:
    """POST a supplier as purchasing."""
    return call(api, auth, "post", "/suppliers", {**SUPPLIER, **overrides}, roles=("purchasing",), status=201)


def rectifying_emergency(api, auth, **notice) -> tuple[dict, str]:
    """An emergency opened by hand (a reliability hazard), its meeting held and a rectification notice issued
    with `notice` (requirements, due_date, department); returns it and its path."""
    emergency = call(api, auth, "post", "/emergencies", {
        "description": "Hazard in use.", "responsible_department": "engineering",
        "conditions": ["reliability_hazard"]}, status=201)
    path = f"/emergencies/{emergency['id']}"
    call(api, auth, "post", f"{path}/meeting", {"held_at": "2026-03-02T14:00:00+08:00", "minutes": "m",
                                                "attendees": ["GM"]})
    call(api, auth, "post", f"{path}/rectification-notice", {"requirements": "r", **notice})
    return emergency, path


def through_broker(ctx, pattern: str = "complaints.#") -> list[dict]:
    """Relay the outbox to RabbitMQ as the worker does and return what a queue bound to `pattern` received,
    each envelope checked against the catalogue."""
    probe = ProbeQueue(ctx.config, pattern)
    try:
        relay = OutboxRelay(ctx.db, ctx.tables, ctx.config, stop=None)
        sent = 0
        with connect(ctx.config) as conn:
            publisher = ConfirmingPublisher(conn, ctx.config)
            while (count := relay.relay_once(publisher)):
                sent += count
        received = probe.messages(sent, timeout=15) if sent else []
    finally:
        probe.close()
    catalogue = Catalogue.of_package("complaints")
    for message in received:
        catalogue.validate(message)
    return [m for m in received if _matches(m["type"], pattern)]


def _matches(event_type: str, pattern: str) -> bool:
    return pattern == "complaints.#" or event_type.startswith(pattern.rstrip("#*."))


def types(messages: list[dict]) -> list[str]:
    """The event types, in order."""
    return [m["type"] for m in messages]
