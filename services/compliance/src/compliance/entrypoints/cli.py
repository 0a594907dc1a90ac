"""`qms-compliance serve | worker | migrate | dead-letters | outbox | load-reference-data`."""
from __future__ import annotations

import json
import sys

from qms_shared.cli import service_main


def load_reference_data() -> int:
    """Enter EU RoHS and China RoHS in the register where they are missing (existing entries are kept)."""
    from qms_shared.domain import Actor
    from qms_shared.envelope import utcnow
    from qms_shared.migrations import upgrade

    from ..bootstrap import bootstrap
    from ..domain.commands import PublishRegulation
    from ..domain.reference import REFERENCE_REGULATIONS

    ctx = bootstrap()
    upgrade(ctx.db, "compliance")
    with ctx.uow_factory() as uow:
        present = {spec["code"] for spec in REFERENCE_REGULATIONS if uow.regulations.by_code(spec["code"])}
    loaded = []
    for spec in REFERENCE_REGULATIONS:
        if spec["code"] not in present:
            ctx.bus.handle(PublishRegulation(fields=dict(spec), actor=Actor(id="load-reference-data"), at=utcnow()))
            loaded.append(spec["code"])
    ctx.db.dispose()
    print(json.dumps({"loaded": loaded, "already_present": sorted(present)}))
    return 0


def main(argv=None) -> int:
    """Run a compliance service command."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["load-reference-data"]:
        return load_reference_data()
    return service_main("compliance", "compliance", 8003, args)


if __name__ == "__main__":
    sys.exit(main())
