"""`qms-reviews serve | worker | migrate | dead-letters | outbox | import-deliveries FILE [--dry-run]`."""
import argparse
import getpass
import json
import sys

from qms_shared.cli import service_main

IMPORT = "import-deliveries"


def main(argv=None) -> int:
    """Run a reviews service command."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == [IMPORT]:
        return import_deliveries(argv[1:])
    return service_main("reviews", "reviews", 8002, argv)


def import_deliveries(argv) -> int:
    """Import a delivery history file (.csv or .json) with the API's handler; print the report as JSON.

    Exit status 0 when imported (or, with --dry-run, checked), 1 when a row or the file is refused (the
    report, with every refused row and why, is printed all the same: nothing was written).
    """
    parser = argparse.ArgumentParser(prog=f"qms-reviews {IMPORT}", description=import_deliveries.__doc__)
    parser.add_argument("file", help="a .csv file with a header row, or a .json file {\"rows\": [...]}")
    parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    args = parser.parse_args(argv)
    from qms_shared.domain import Actor, ValidationFailed
    from qms_shared.envelope import utcnow
    from qms_shared.migrations import upgrade

    from ..adapters.delivery_files import rows_from_file
    from ..bootstrap import bootstrap
    from ..domain.commands import ImportDeliveries
    ctx = bootstrap()
    try:
        upgrade(ctx.db, "reviews")  # as serve and worker do: the history may be loaded before the first start
        user = getpass.getuser()
        report = ctx.bus.handle(ImportDeliveries(
            rows=rows_from_file(args.file), dry_run=args.dry_run, at=utcnow(),
            actor=Actor(id=f"cli:{user}", name=f"{user} ({IMPORT})", roles=frozenset({"system"}))))
    except ValidationFailed as refused:
        print(json.dumps({"detail": refused.detail, **refused.extra}, ensure_ascii=False, indent=1))
        return 1
    finally:
        ctx.db.dispose()
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
