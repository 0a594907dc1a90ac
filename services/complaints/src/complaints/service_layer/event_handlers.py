"""What the complaints service does with other services' events (no commit: the consumer commits)."""
from __future__ import annotations

from qms_shared.domain import Actor

from ..domain.commands import LinkToComplaint
from .complaint_handlers import link_to_complaint


def on_nonconformance_opened(env: dict, uow, *, deps) -> None:
    """A nonconformance that names a customer complaint is noted in that complaint's trail."""
    data = env.get("data") or {}
    reference = data.get("complaint_id") or data.get("complaint_number")
    if not reference:
        return  # most nonconformances come from product evaluations and name no complaint
    link_to_complaint(LinkToComplaint(complaint_ref=str(reference), kind="nonconformance",
                                      reference=str(data.get("number") or env["subject"]),
                                      actor=Actor(id=env["source"])),
                      uow=uow, deps=deps)
