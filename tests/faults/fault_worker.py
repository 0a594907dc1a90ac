"""The notes service's worker as the fault suite runs it: a real process, configured by the environment.

It runs as service `test`, so its relay publishes `test.note.written` events under its own broker
user and its consumer, bound to `test.note.*`, applies them: a change written with its outbox row
travels database -> relay -> broker -> consumer -> one `notes` row, all through real servers.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "tests"))

import notes_service  # noqa: E402
from qms_shared.worker import Worker  # noqa: E402

if __name__ == "__main__":
    Worker(notes_service.bootstrap({"service": "test"}), jobs=False).run_forever()
