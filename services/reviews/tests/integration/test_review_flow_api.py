"""Reviews, decisions and amendments over HTTP: roles, states, outcomes, re-review sets, concurrency."""
from __future__ import annotations

import threading

from reviews_api import (SPECIAL_DEPARTMENTS, approve_all, decide, outbox, outbox_types, problem, review,
                         submit)


def accepted_regular(client, auth) -> dict:
    """Make the customer and product known (one accepted contract), then submit a regular one."""
    first = submit(client, auth)
    approve_all(client, auth, first)
    assert decide(client, auth, first["id"], "accepted").status_code == 200
    second = submit(client, auth)
    assert second["type"] == "regular" and second["required_departments"] == ["sales", "production"]
    return second


def test_a_review_by_another_departments_role_is_403(client, auth):
    contract = submit(client, auth)
    response = client.post(f"/api/v1/contracts/{contract['id']}/reviews/quality", json={"opinion": "approve"},
                           headers=auth("production"))
    problem(response, 403)
    problem(client.post(f"/api/v1/contracts/{contract['id']}/reviews/quality", json={"opinion": "approve"},
                        headers=auth("admin")), 403)


def test_reviewing_a_contract_not_awaiting_that_department_is_409(client, auth):
    contract = accepted_regular(client, auth)
    problem(review(client, auth, contract["id"], "finance"), 409)
    assert review(client, auth, contract["id"], "sales").status_code == 200
    problem(review(client, auth, contract["id"], "sales"), 409)


def test_unknown_department_is_404_and_bad_opinion_422(client, auth):
    contract = submit(client, auth)
    problem(client.post(f"/api/v1/contracts/{contract['id']}/reviews/warehouse", json={"opinion": "approve"},
                        headers=auth("sales")), 404)
    problem(review(client, auth, contract["id"], "sales", opinion="ok"), 422)
    problem(review(client, auth, contract["id"], "sales", opinion="reject"), 422)  # no comment


def test_general_manager_waits_for_the_other_departments(client, auth):
    contract = submit(client, auth)
    problem(review(client, auth, contract["id"], "general_manager"), 409)


def test_regular_contract_accepted_issues_a_production_order(client, auth, ctx):
    contract = accepted_regular(client, auth)
    review(client, auth, contract["id"], "sales")
    late = review(client, auth, contract["id"], "production", delivery_date="2026-12-21").get_json()
    assert late["delivery"] == {"requested": "2026-12-20", "committed": "2026-12-21", "late": True}
    accepted = decide(client, auth, contract["id"], "accepted").get_json()
    assert accepted["status"] == "accepted" and accepted["decision"]["reason"] == "all clauses clear"
    order = [e for e in outbox(ctx) if e["type"] == "reviews.production_order.issued"][-1]
    assert order["subject"] == contract["id"]
    assert order["data"]["production_order_number"] == f"{contract['number']}-R1"
    assert order["data"]["delivery_date"] == "2026-12-21"


def test_special_contract_needs_every_department_then_the_general_manager(client, auth):
    contract = submit(client, auth)
    assert contract["pending_departments"] == SPECIAL_DEPARTMENTS + ["general_manager"]
    done = approve_all(client, auth, contract)
    assert done["pending_departments"] == [] and done["reviews"]["general_manager"]["opinion"] == "approve"
    assert decide(client, auth, contract["id"], "accepted", role="general_manager").status_code == 200


def test_rejection_cannot_be_overruled_silently(client, auth, ctx):
    contract = accepted_regular(client, auth)
    review(client, auth, contract["id"], "sales")
    review(client, auth, contract["id"], "production", opinion="reject", comment="line full until February")
    problem(decide(client, auth, contract["id"], "accepted"), 403)
    problem(decide(client, auth, contract["id"], "accepted", role="general_manager"), 422)
    body = decide(client, auth, contract["id"], "accepted", reason="second shift approved",
                  role="general_manager").get_json()
    assert body["decision"]["overruled_departments"] == ["production"]
    assert body["decision"]["reason"] == "second shift approved"
    accepted = [e for e in outbox(ctx) if e["type"] == "reviews.contract.accepted"][-1]
    assert accepted["data"]["overruled_departments"] == ["production"]


def test_needs_customer_then_amendment_then_rejected(client, auth, ctx):
    contract = accepted_regular(client, auth)
    problem(decide(client, auth, contract["id"], "needs_customer"), 422)
    referred = decide(client, auth, contract["id"], "needs_customer", reason="date to discuss").get_json()
    assert referred["status"] == "needs_customer"
    problem(decide(client, auth, contract["id"], "accepted"), 409)
    assert "reviews.contract.referred_to_customer" in outbox_types(ctx)
    rejected = decide(client, auth, contract["id"], "rejected", reason="customer went elsewhere").get_json()
    assert rejected["status"] == "rejected"
    problem(client.post(f"/api/v1/contracts/{contract['id']}/amendments",
                        json={"region": "North", "reason": "x"}, headers=auth("sales")), 409)


def test_amendment_is_re_reviewed_only_by_the_departments_it_touches(client, auth, ctx):
    contract = submit(client, auth)
    approve_all(client, auth, contract)
    decide(client, auth, contract["id"], "accepted", role="general_manager")
    response = client.post(f"/api/v1/contracts/{contract['id']}/amendments",
                           json={"payment_terms": "60 days net", "reason": "customer asked for 60 days"},
                           headers=auth("sales"))
    amended = response.get_json()
    assert response.status_code == 200, amended
    assert (amended["revision"], amended["status"]) == (2, "under_review")
    assert amended["pending_departments"] == ["sales", "finance", "general_manager"]
    assert amended["reviews"]["quality"]["revision"] == 1
    assert [r["number"] for r in amended["revisions"]] == [1, 2]
    assert amended["revisions"][0]["terms"]["payment_terms"] == "30 days net"
    assert amended["decisions"][0]["outcome"] == "accepted" and amended["decision"] is None
    event = [e for e in outbox(ctx) if e["type"] == "reviews.contract.amended"][-1]
    assert event["data"]["re_review_departments"] == ["sales", "finance", "general_manager"]


def test_amendment_of_quantity_goes_to_production_and_purchasing(client, auth):
    contract = submit(client, auth)
    approve_all(client, auth, contract)
    line = {**contract["lines"][0], "quantity": "1500"}
    for key in ("line_no", "amount"):
        line.pop(key)
    amended = client.post(f"/api/v1/contracts/{contract['id']}/amendments",
                          json={"lines": [line], "reason": "call-off raised"}, headers=auth("sales")).get_json()
    assert amended["pending_departments"] == ["sales", "production", "purchasing", "general_manager"]
    assert amended["lines"][0]["quantity"] == "1500"


def test_amendment_changing_nothing_or_unknown_field_is_422(client, auth):
    contract = submit(client, auth)
    url = f"/api/v1/contracts/{contract['id']}/amendments"
    problem(client.post(url, json={"region": "East", "reason": "x"}, headers=auth("sales")), 422)
    problem(client.post(url, json={"number": "CT-1", "reason": "x"}, headers=auth("sales")), 422)
    problem(client.post(url, json={"region": "North"}, headers=auth("sales")), 422)


def test_oral_order_needs_confirmation_before_acceptance(client, auth):
    contract = submit(client, auth, source="oral")
    approve_all(client, auth, contract)
    blocked = problem(decide(client, auth, contract["id"], "accepted", role="general_manager"), 409)
    assert blocked["blockers"] == ["oral_order_unconfirmed"]
    confirmed = client.post(f"/api/v1/contracts/{contract['id']}/confirmation",
                            json={"confirmed_by": "Ms Li, buyer", "note": "phone, recorded"},
                            headers=auth("sales")).get_json()
    assert confirmed["confirmation"]["confirmed_by"] == "Ms Li, buyer"
    assert decide(client, auth, contract["id"], "accepted", role="general_manager").status_code == 200


def test_stale_if_match_is_412(client, auth):
    contract = submit(client, auth)
    url = f"/api/v1/contracts/{contract['id']}/reviews/sales"
    problem(client.post(url, json={"opinion": "approve"}, headers={**auth("sales"), "If-Match": '"99"'}), 412)
    ok = client.post(url, json={"opinion": "approve"}, headers={**auth("sales"), "If-Match": f'"{contract["version"]}"'})
    assert ok.status_code == 200 and ok.headers["ETag"] == f'"{contract["version"] + 1}"'


def test_concurrent_decisions_cannot_both_win(app, auth, ctx):
    client = app.test_client()
    contract = accepted_regular(client, auth)
    approve_all(client, auth, contract)
    results = []

    def attempt(outcome):
        response = app.test_client().post(f"/api/v1/contracts/{contract['id']}/decision",
                                          json={"outcome": outcome, "reason": "race"}, headers=auth("sales"))
        results.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(o,)) for o in ("accepted", "rejected", "accepted", "rejected")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 409, 409, 409]
    final = client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json()
    assert len(final["decisions"]) == 1
    decided = [t for t in outbox_types(ctx) if t in ("reviews.contract.accepted", "reviews.contract.rejected")]
    assert len(decided) == 2  # the first contract's acceptance and exactly one of the race
