"""`qms-reviews serve | worker | migrate | dead-letters | outbox`."""
import sys

from qms_shared.cli import service_main


def main() -> int:
    """Run a reviews service command."""
    return service_main("reviews", "reviews", 8002)


if __name__ == "__main__":
    sys.exit(main())
