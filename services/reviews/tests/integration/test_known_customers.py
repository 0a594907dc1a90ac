"""complaints.customer.* through the consumer (the complaints service does not publish them yet): a customer of
the archive is an existing customer; the consumer reads `id` and `name` only, and applies each event once."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from reviews.adapters import orm

from reviews_api import submit
from reviews_history import archive_announcer


def known(ctx) -> list[tuple]:
    t = orm.known_customers
    with ctx.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(t.c.customer_id, t.c.name, t.c.version))]


def test_a_customer_of_the_archive_is_no_new_customer(client, auth, ctx):
    assert [r["code"] for r in submit(client, auth)["type_reasons"]] == ["product_never_delivered", "new_customer"]
    announce = archive_announcer(ctx)
    assert announce({"id": "C-1", "name": "Acme Ltd", "grade": "B", "contacts": [{"name": "Wang", "phone": "1"}],
                     "yearly_purchases": [{"year": 2025, "quantity": "250", "unit": "t"}]}) == "applied"
    contract = submit(client, auth)
    assert [r["code"] for r in contract["type_reasons"]] == ["product_never_delivered"]
    assert contract["type_history"] == [{"code": "known_customer", "source": "customer_archive",
                                         "text": "known customer (the customer archive of the complaints service)"}]


def test_each_announcement_is_applied_once_and_a_rename_is_kept(ctx):
    announce = archive_announcer(ctx)
    event_id = str(uuid.uuid4())
    assert announce({"id": "C-9", "name": "Nine"}, event_id=event_id) == "applied"
    assert announce({"id": "C-9", "name": "Nine"}, event_id=event_id) == "duplicate"
    assert announce({"id": "C-9", "name": "Nine"}) == "applied"  # the same content again: nothing changes
    assert known(ctx) == [("C-9", "Nine", 1)]
    assert announce({"id": "C-9", "name": "Nine Trading"}, verb="updated") == "applied"
    assert known(ctx) == [("C-9", "Nine Trading", 2)]


def test_an_announcement_without_id_or_name_is_applied_as_nothing(ctx):
    announce = archive_announcer(ctx)
    assert announce({"name": "no id"}) == "applied"
    assert announce({"id": "C-3"}) == "applied"
    assert known(ctx) == []
