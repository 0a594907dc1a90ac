"""`qms-notifications serve | worker | migrate | dead-letters | outbox | load-defaults [--replace]`."""
import sys

from qms_shared.cli import service_main


def load_defaults(argv: list[str]) -> int:
    """Install the default rules and templates (after migrating); `--replace` overwrites."""
    import argparse

    from qms_shared.migrations import upgrade

    from ..bootstrap import bootstrap
    from ..domain.commands import LoadDefaults

    parser = argparse.ArgumentParser(prog="qms-notifications load-defaults")
    parser.add_argument("--replace", action="store_true", help="overwrite rules and templates already there")
    args = parser.parse_args(argv)
    ctx = bootstrap()
    upgrade(ctx.db, "notifications")
    counts = ctx.bus.handle(LoadDefaults(replace=args.replace))
    print(f"installed {counts['rules']} rules and {counts['templates']} templates")
    return 0


def main(argv=None) -> int:
    """Run a notifications service command."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["load-defaults"]:
        return load_defaults(argv[1:])
    return service_main("notifications", "notifications", 8004, argv)


if __name__ == "__main__":
    sys.exit(main())
