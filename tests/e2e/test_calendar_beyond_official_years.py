"""The whole complaints service run on a date past the official holiday data, under `faketime`.

On 2028-01-24 (a Monday in Beijing) the State Council's schedule for 2028 is not published: the calendar
computes the statutory Spring Festival (New Year's Eve 25 January to 28 January) and says the year is
provisional. A complaint received that Monday has its 2 working days of containment on Monday 31 January
and Tuesday 1 February; a plain Monday-to-Friday calendar would say Wednesday 26 January, and a calendar
ending with 2026 would not answer at all.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

import jwt
import requests

FAKE_NOW = datetime(2028, 1, 24, 1, 0, tzinfo=timezone.utc)  # 09:00 in Beijing, Monday
BEIJING = timezone(timedelta(hours=8))



def _headers(suite, *roles: str) -> dict:
    """A token minted on the service's (fake) clock: one minted today would have expired in 2028."""
    issued = int(FAKE_NOW.timestamp()) - 60
    token = jwt.encode({"sub": "e2e", "name": "e2e", "roles": list(roles), "iat": issued, "exp": issued + 6 * 3600},
                       suite.secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def test_a_complaint_received_before_the_spring_festival_of_2028_waits_for_it(start_suite):
    assert shutil.which("faketime"), "faketime is not installed: scripts/system-deps.sh installs it"
    # "@" makes the clock start there and run on (a frozen clock would stop every timeout)
    suite = start_suite(["complaints"], extra_env={"complaints": {"TZ": "UTC"}},
                        wrapper=["faketime", "-f", f"@{FAKE_NOW:%Y-%m-%d %H:%M:%S}"])

    ready = requests.get(suite.url("complaints", "/readyz"), timeout=5).json()
    created = requests.post(suite.url("complaints", "/api/v1/complaints"), headers=_headers(suite, "quality"), json={
        "customer": {"id": "C-2028", "name": "Acme"}, "category": "quality", "channel": "email",
        "description": "Cartons crack at the fold.", "quantity_affected": 3}, timeout=10)

    assert created.status_code == 201, created.text
    complaint = created.json()
    received = datetime.fromisoformat(complaint["received_at"])
    assert received.astimezone(BEIJING).date().isoformat() == "2028-01-24", "the service runs on the fake clock"
    due = datetime.fromisoformat(complaint["containment_due_at"]).astimezone(BEIJING)
    assert due.date().isoformat() == "2028-02-01", complaint["containment_due_at"]
    corrective = datetime.fromisoformat(complaint["corrective_action_due_at"]).astimezone(BEIJING)
    # 10 working days: 31 Jan to 4 Feb, 7 to 11 Feb
    assert corrective.date().isoformat() == "2028-02-11", complaint["corrective_action_due_at"]
    assert 2028 in ready["calendar"]["provisional_years"], ready

