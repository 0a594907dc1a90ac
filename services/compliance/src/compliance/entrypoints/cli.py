"""`qms-compliance serve | worker | migrate | dead-letters | outbox | load-reference-data`."""
from __future__ import annotations

import json
import sys

from qms_shared.cli import refuse_insecure_start, service_main


def load_reference_data() -> int:
    """Enter what is missing of the shipped catalogue, regulations and exemptions (existing entries are kept)."""
    from qms_shared.domain import Actor
    from qms_shared.envelope import utcnow
    from qms_shared.migrations import upgrade

    from ..bootstrap import bootstrap
    from ..domain.commands import LoadReferenceData

    ctx = bootstrap()
    upgrade(ctx.db, "compliance")
    done = ctx.bus.handle(LoadReferenceData(actor=Actor(id="load-reference-data"), at=utcnow()))
    ctx.db.dispose()
    print(json.dumps({"groups_loaded": done.groups, "regulations_loaded": done.regulations,
                      "regulations_updated": done.updated,
                      "products_changed": len(done.impact.changes) if done.impact else 0}))
    return 0


def main(argv=None) -> int:
    """Run a compliance service command; `migrate` and `worker` also load the reference data that is missing.

    `worker` checks its secrets before anything else: it refuses to start insecurely (qms_shared.cli) before it
    touches the database to load reference data, as `serve` does before migrating."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["load-reference-data"]:
        return load_reference_data()
    if args[:1] == ["worker"]:
        if refuse_insecure_start("compliance"):
            return 2
        load_reference_data()
    code = service_main("compliance", "compliance", 8003, args)
    if args[:1] == ["migrate"] and not code:
        return load_reference_data()
    return code


if __name__ == "__main__":
    sys.exit(main())
