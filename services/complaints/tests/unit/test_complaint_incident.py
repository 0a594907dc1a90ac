"""Quality incident class (004 §3, DOMAIN.md §5): each threshold at its edge, over the shipped batch, and recomputation."""
from datetime import date
from decimal import Decimal

import pytest
from complaints_builders import THRESHOLDS, at, elsewhere, receive
from qms_shared.domain import ValidationFailed

from complaints.domain import events
from complaints.domain.batch import BatchFigures, BatchKey, BatchMember, batch_figures, batch_key
from complaints.domain.incident import IncidentFigures, IncidentThresholds, classify_incident

KEY = BatchKey("BOX-7", batch="B2602")


def batch_of(*members) -> BatchFigures:
    """A batch of complaints CP-2026-00000n, each (reported, returned)."""
    return BatchFigures(KEY, tuple(BatchMember(f"CP-2026-{n:06d}", *figures) for n, figures in enumerate(members, 1)))


def classify(batch=BatchFigures(), **figures):
    return classify_incident(IncidentFigures(**figures), batch=batch, thresholds=THRESHOLDS)


@pytest.mark.parametrize("returned,expected", [(499, "batch"), (500, "major"), (501, "major")])
def test_the_returns_of_a_shipped_batch_make_it_major_from_500(returned, expected):
    # 499 returns are also >= 50 pieces of the batch, hence batch just below the major edge
    assert classify(batch_of((returned, returned))).incident_class == expected


def test_two_complaints_of_300_returns_from_one_batch_are_both_major():
    first = receive(number="CP-2026-000001", returned_quantity=300, quantity_affected=300)
    second = receive(number="CP-2026-000002", returned_quantity=300, quantity_affected=300,
                     batch=BatchFigures(KEY, (first.batch_member,)))
    assert (first.incident_class, second.incident_class) == ("batch", "major")
    first.classify(batch=BatchFigures(KEY, (second.batch_member,)), thresholds=THRESHOLDS, by="s", at=at(2026, 3, 3))
    assert first.incident_class == "major"
    assert first.incident_reasons == second.incident_reasons == [
        "returned quantity of BOX-7 batch B2602 600 >= 500 over CP-2026-000001, CP-2026-000002"]


def test_30_and_30_reported_not_returned_from_one_model_and_production_date_make_a_batch_incident():
    day = date(2026, 2, 20)
    first = receive(number="CP-2026-000001", product_batch=None, production_date=day, quantity_affected=30)
    second = receive(number="CP-2026-000002", product_batch=None, production_date=day, quantity_affected=30,
                     batch=BatchFigures(first.batch_key, (first.batch_member,)))
    assert (first.returned_quantity, second.incident_class) == (0, "batch")
    assert second.incident_reasons == [
        "reported or returned quantity of BOX-7 made 2026-02-20 60 >= 50 over CP-2026-000001, CP-2026-000002"]


def test_a_complaint_counts_what_it_reported_or_returned_whichever_is_more_never_both():
    assert receive(quantity_affected=30, returned_quantity=30).batch_member.reported == 30
    assert receive(quantity_affected=None, returned_quantity=40).batch_member.reported == 40
    assert receive(quantity_affected=45, returned_quantity=10).batch_member == BatchMember("CP-2026-000001", 45, 10)


@pytest.mark.parametrize("loss,expected", [("19999.99", "general"), ("20000", "major"), ("20000.01", "major")])
def test_a_loss_of_20000_cny_makes_it_major(loss, expected):
    assert classify(loss_amount=Decimal(loss)).incident_class == expected


def test_claims_approved_or_settled_add_to_the_loss():
    assessment = classify(loss_amount=Decimal("1000"), claims_loss=Decimal("19000"), claims=("CL-2026-000001",))
    assert assessment.incident_class == "major"
    assert assessment.reasons == ["loss 20000 CNY >= 20000 CNY (with claims CL-2026-000001)"]
    assert classify(claims_loss=Decimal("25000.00"), claims=("CL-2026-000002",)).incident_class == "major"
    assert classify(loss_amount=Decimal("1000"), claims_loss=Decimal("18999.99"),
                    claims=("CL-2026-000001",)).incident_class == "general"


@pytest.mark.parametrize("flag", ["injury", "reputation_damage"])
def test_injury_or_reputation_damage_makes_it_major(flag):
    assessment = classify(**{flag: True})
    assert assessment.incident_class == "major" and len(assessment.reasons) == 1


@pytest.mark.parametrize("pieces,expected", [(49, "general"), (50, "batch"), (51, "batch")])
def test_pieces_reported_or_returned_over_the_batch_make_a_batch_incident_from_50(pieces, expected):
    assert classify(batch_of((5, 5), (pieces - 5, 0))).incident_class == expected


def test_scrap_or_rework_flagged_at_batch_scale_makes_a_batch_incident():
    assert classify(batch_scale=True).incident_class == "batch"


def test_major_wins_over_batch_and_lists_every_reason():
    assessment = classify(BatchFigures(None, (BatchMember("CP-2026-000001", 600, 600),)),
                          loss_amount=Decimal("50000"), injury=True)
    assert assessment.incident_class == "major"
    assert assessment.reasons == ["returned quantity 600 >= 500", "loss 50000 CNY >= 20000 CNY", "personal injury"]


def test_thresholds_are_configurable():
    strict = IncidentThresholds(major_returned_quantity=100, major_loss_amount=Decimal("5000"),
                                batch_returned_quantity=10)
    assert classify_incident(IncidentFigures(), batch=batch_of((100, 100)), thresholds=strict).incident_class == "major"
    assert classify_incident(IncidentFigures(), batch=batch_of((10, 0)), thresholds=strict).incident_class == "batch"


def test_a_new_complaint_adds_its_own_pieces_to_the_other_complaints_of_its_batch():
    assert receive(quantity_affected=9, returned_quantity=9, batch_returns_elsewhere=40).incident_class == "general"
    complaint = receive(quantity_affected=10, returned_quantity=10, batch_returns_elsewhere=40)  # 50
    assert complaint.incident_class == "batch"
    assert complaint.batch_key == BatchKey("BOX-7", batch="B2602")
    assert [type(e) for e in complaint.pull_events()] == [events.ComplaintReceived, events.IncidentClassified]


def test_a_general_complaint_announces_only_its_receipt():
    complaint = receive()
    assert complaint.incident_class == "general"
    assert [type(e) for e in complaint.pull_events()] == [events.ComplaintReceived]


def test_a_major_complaint_raises_its_own_event_at_receipt():
    complaint = receive(injury=True)
    recorded = complaint.pull_events()
    assert [type(e) for e in recorded] == [events.ComplaintReceived, events.IncidentClassified,
                                           events.MajorIncidentRaised]
    assert recorded[2].reasons == ["personal injury"] and complaint.version == 1


def test_changed_figures_recompute_the_class_and_say_what_changed():
    complaint = receive(returned_quantity=10)
    complaint.pull_events()
    changed = complaint.update_figures(returned_quantity=500, by="wang", at=at(2026, 3, 3),
                                       batch=BatchFigures(KEY), thresholds=THRESHOLDS)
    assert changed == {"returned_quantity": [10, 500]}
    assert complaint.incident_class == "major"
    figures, classified, major = complaint.pull_events()
    assert isinstance(figures, events.FiguresChanged) and figures.changes == {"returned_quantity": [10, 500]}
    assert (classified.previous_class, classified.incident_class) == ("general", "major")
    assert isinstance(major, events.MajorIncidentRaised)
    assert complaint.history[-1].action == "figures"
    complaint.update_figures(returned_quantity=20, by="wang", at=at(2026, 3, 4), batch=BatchFigures(KEY),
                             thresholds=THRESHOLDS)
    assert complaint.incident_class == "general"
    assert [type(e) for e in complaint.pull_events()] == [events.FiguresChanged, events.IncidentClassified]


def test_unchanged_figures_change_nothing():
    complaint = receive(returned_quantity=10)
    version = complaint.version
    assert complaint.update_figures(returned_quantity=10, by="u", at=at(2026, 3, 3), batch=BatchFigures(KEY),
                                    thresholds=THRESHOLDS) == {}
    assert complaint.version == version and len(complaint.history) == 1


def test_another_complaint_of_the_same_batch_can_lift_this_one_to_batch():
    complaint = receive(returned_quantity=20)
    complaint.pull_events()
    complaint.classify(batch=elsewhere(30, key=KEY), thresholds=THRESHOLDS, by="system", at=at(2026, 3, 5))
    assert complaint.incident_class == "batch"
    [event] = complaint.pull_events()
    assert event.previous_class == "general"
    assert event.reasons == ["reported or returned quantity of BOX-7 batch B2602 50 >= 50 over CP-2026-000001, "
                             "CP-2026-000900"]


@pytest.mark.parametrize("changes,field", [
    ({"returned_quantity": -1}, "returned_quantity"), ({"loss_amount": Decimal("-1")}, "loss_amount"),
    ({"colour": "red"}, "colour"), ({"returned_quantity": None}, "returned_quantity"),
])
def test_bad_figure_changes_are_refused(changes, field):
    complaint = receive()
    with pytest.raises(ValidationFailed) as failed:
        complaint.update_figures(by="u", at=at(2026, 3, 3), batch=BatchFigures(KEY), thresholds=THRESHOLDS,
                                 **changes)
    assert field in failed.value.extra["errors"]


def test_a_batch_is_a_product_code_with_its_batch_number_else_its_production_date():
    day = date(2026, 2, 1)
    assert batch_key("BOX-7", "B1", day) == BatchKey("BOX-7", batch="B1")
    assert batch_key("BOX-7", None, day) == batch_key("BOX-7", "", day) == BatchKey("BOX-7", production_date=day)
    assert (batch_key("", "B1", day), batch_key("BOX-7", None, None)) == (None, None)
    same = [receive(product_batch="B1", returned_quantity=n, quantity_affected=n, number=f"CP-2026-00000{n}")
            for n in (1, 2)]
    other = [receive(product_batch="B2", returned_quantity=40), receive(product_batch=None, production_date=day),
             receive(product_code=None, product_batch="B1", returned_quantity=60)]
    assert batch_figures(same + other, KEY) == BatchFigures(KEY)
    figures = batch_figures(same + other, BatchKey("BOX-7", batch="B1"))
    assert (figures.returned, figures.counted("returned")) == (3, ["CP-2026-000001", "CP-2026-000002"])
    assert batch_figures(same + other, BatchKey("BOX-7", batch="B1"), excluding=same[0].id).returned == 2
    assert batch_figures(same + other, None) == BatchFigures()
