"""The fault suite (`make faults`): only collected when QMS_FAULTS=1, so `make test` stays quick.

Every scenario appends its figures to REPORTS; at the end the table goes to the terminal and to
var/faults.md, whatever passed or failed.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "shared" / "tests"))

if os.environ.get("QMS_FAULTS") != "1":
    collect_ignore_glob = ["test_*.py"]

from qms_shared import testing  # noqa: E402

from harness import ROOT, Scenario, prepare_database  # noqa: E402
from report import DECLARED, REPORTS, markdown_table  # noqa: E402

DB_NAME = f"qms_faults_{os.getpid()}"


@pytest.fixture(scope="session")
def fault_database():
    """One database for the run (each scenario empties it first), dropped at the end."""
    url = testing.fresh_database(DB_NAME)
    try:
        prepare_database(url)
        yield url
    finally:
        testing.drop_database(DB_NAME)


@pytest.fixture
def scenario(fault_database):
    """Factory: `scenario(name, ...)` -> a Scenario on the run's database; stopped and cleaned after the test."""
    made: list[Scenario] = []

    def make(name: str, **kwargs) -> Scenario:
        made.append(Scenario(name, fault_database, **kwargs))
        return made[-1]

    yield make
    for one in made:
        one.close()


def pytest_sessionfinish(session):
    """Everything the run made must be gone (fixtures are torn down by now): fail the run if not."""
    if os.environ.get("QMS_FAULTS") != "1" or not REPORTS:
        return
    left = leftovers()
    session.config._qms_leftovers = left
    if left:
        session.exitstatus = 1


def leftovers() -> list[str]:
    """What this run left on the servers and the disk (the broker users go at exit, testing.py)."""
    import subprocess
    import tempfile
    from qms_shared.testing_rabbit import running_private_nodes
    left = [f"node {n}" for n in running_private_nodes() if n.endswith(f"-{os.getpid()}")]
    left += [f"dir {p}" for p in Path(tempfile.gettempdir()).glob(f"qms-rabbit-{os.getpid()}-*")]
    import psycopg
    with psycopg.connect(testing.PG_ADMIN_URL) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone():
            left.append(f"database {DB_NAME}")
    for kind in ("queues", "exchanges"):
        listed = subprocess.run(["rabbitmqctl", "-q", f"list_{kind}", "name", "--no-table-headers"],
                                capture_output=True, text=True).stdout.split()
        left += [f"{kind[:-1]} {name}" for name in listed if name.startswith(tuple(DECLARED))]
    return left


def pytest_terminal_summary(terminalreporter, config):
    left = getattr(config, "_qms_leftovers", None)
    if left:
        terminalreporter.write_sep("=", "LEFT BEHIND: " + ", ".join(left))
    elif left is not None:
        terminalreporter.write_line("nothing left behind: no private node, directory, database, queue or exchange")
    if not REPORTS:
        return
    table = markdown_table(REPORTS)
    terminalreporter.write_sep("=", "fault suite")
    terminalreporter.write_line(table)
    out = ROOT / "var" / "faults.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Fault suite\n\n" + table + "\n")
    terminalreporter.write_line(f"written to {out.relative_to(ROOT)}")
