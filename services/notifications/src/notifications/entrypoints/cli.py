"""`qms-notifications serve | worker | migrate | dead-letters | outbox`."""
import sys

from qms_shared.cli import service_main


def main() -> int:
    """Run a notifications service command."""
    return service_main("notifications", "notifications", 8004)


if __name__ == "__main__":
    sys.exit(main())
