"""`qms-complaints serve | worker | migrate | dead-letters | outbox`."""
import sys

from qms_shared.cli import service_main


def main() -> int:
    """Run a complaints service command."""
    return service_main("complaints", "complaints", 8001)


if __name__ == "__main__":
    sys.exit(main())
