"""Quality incident class (004 §3): each threshold at, below and above its edge, and recomputation."""
from decimal import Decimal

import pytest
from complaints_builders import THRESHOLDS, at, receive
from qms_shared.domain import ValidationFailed

from complaints.domain import events
from complaints.domain.incident import IncidentFigures, IncidentThresholds, classify_incident


def classify(batch_returns=0, **figures):
    return classify_incident(IncidentFigures(**figures), batch_returns=batch_returns, thresholds=THRESHOLDS)


@pytest.mark.parametrize("returned,expected", [(499, "batch"), (500, "major"), (501, "major")])
def test_returned_quantity_of_a_batch_makes_it_major_from_500(returned, expected):
    # 499 returns are also >= 50 returns of the model, hence batch just below the major edge
    assert classify(batch_returns=returned, returned_quantity=returned).incident_class == expected


@pytest.mark.parametrize("loss,expected", [("19999.99", "general"), ("20000", "major"), ("20000.01", "major")])
def test_a_loss_of_20000_cny_makes_it_major(loss, expected):
    assert classify(loss_amount=Decimal(loss)).incident_class == expected


@pytest.mark.parametrize("flag", ["injury", "reputation_damage"])
def test_injury_or_reputation_damage_makes_it_major(flag):
    assessment = classify(**{flag: True})
    assert assessment.incident_class == "major" and len(assessment.reasons) == 1


@pytest.mark.parametrize("returns,expected", [(49, "general"), (50, "batch"), (51, "batch")])
def test_returns_of_the_same_model_and_production_date_make_a_batch_incident_from_50(returns, expected):
    assert classify(batch_returns=returns, returned_quantity=5).incident_class == expected


def test_scrap_or_rework_flagged_at_batch_scale_makes_a_batch_incident():
    assert classify(batch_scale=True).incident_class == "batch"


def test_major_wins_over_batch_and_lists_every_reason():
    assessment = classify(batch_returns=600, returned_quantity=600, loss_amount=Decimal("50000"), injury=True)
    assert assessment.incident_class == "major"
    assert assessment.reasons == ["returned quantity 600 >= 500", "loss 50000 CNY >= 20000 CNY", "personal injury"]


def test_thresholds_are_configurable():
    strict = IncidentThresholds(major_returned_quantity=100, major_loss_amount=Decimal("5000"),
                                batch_returned_quantity=10)
    assert classify_incident(IncidentFigures(returned_quantity=100), batch_returns=100,
                             thresholds=strict).incident_class == "major"
    assert classify_incident(IncidentFigures(), batch_returns=10, thresholds=strict).incident_class == "batch"


def test_a_new_complaint_adds_its_own_returns_to_the_other_complaints_of_its_batch():
    assert receive(returned_quantity=9, batch_returns_elsewhere=40).incident_class == "general"  # 49
    complaint = receive(returned_quantity=10, batch_returns_elsewhere=40)  # 50
    assert complaint.incident_class == "batch"
    assert complaint.batch_key == (complaint.product_code, complaint.production_date)
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
                                       batch_returns_elsewhere=0, thresholds=THRESHOLDS)
    assert changed == {"returned_quantity": [10, 500]}
    assert complaint.incident_class == "major"
    figures, classified, major = complaint.pull_events()
    assert isinstance(figures, events.FiguresChanged) and figures.changes == {"returned_quantity": [10, 500]}
    assert (classified.previous_class, classified.incident_class) == ("general", "major")
    assert isinstance(major, events.MajorIncidentRaised)
    assert complaint.history[-1].action == "figures"
    complaint.update_figures(returned_quantity=20, by="wang", at=at(2026, 3, 4), batch_returns_elsewhere=0,
                             thresholds=THRESHOLDS)
    assert complaint.incident_class == "general"
    assert [type(e) for e in complaint.pull_events()] == [events.FiguresChanged, events.IncidentClassified]


def test_unchanged_figures_change_nothing():
    complaint = receive(returned_quantity=10)
    version = complaint.version
    assert complaint.update_figures(returned_quantity=10, by="u", at=at(2026, 3, 3), batch_returns_elsewhere=0,
                                    thresholds=THRESHOLDS) == {}
    assert complaint.version == version and len(complaint.history) == 1


def test_another_complaint_of_the_same_batch_can_lift_this_one_to_batch():
    complaint = receive(returned_quantity=20)
    complaint.pull_events()
    complaint.classify(batch_returns_elsewhere=30, thresholds=THRESHOLDS, by="system", at=at(2026, 3, 5))
    assert complaint.incident_class == "batch"
    [event] = complaint.pull_events()
    assert event.previous_class == "general" and event.reasons[0].startswith("returns of the same model")


@pytest.mark.parametrize("changes,field", [
    ({"returned_quantity": -1}, "returned_quantity"), ({"loss_amount": Decimal("-1")}, "loss_amount"),
    ({"colour": "red"}, "colour"), ({"returned_quantity": None}, "returned_quantity"),
])
def test_bad_figure_changes_are_refused(changes, field):
    complaint = receive()
    with pytest.raises(ValidationFailed) as failed:
        complaint.update_figures(by="u", at=at(2026, 3, 3), batch_returns_elsewhere=0, thresholds=THRESHOLDS,
                                 **changes)
    assert field in failed.value.extra["errors"]


def test_a_batch_is_a_model_and_a_production_date_and_its_returns_are_summed_across_complaints():
    from datetime import date

    from complaints.domain.classification import batch_key, batch_returns
    day = date(2026, 2, 1)
    assert (batch_key("BOX-7", day), batch_key("", day), batch_key("BOX-7", None)) == (("BOX-7", day), None, None)
    same = [receive(product_code="BOX-7", production_date=day, returned_quantity=n) for n in (10, 20)]
    other = [receive(product_code="BOX-7", production_date=date(2026, 2, 2), returned_quantity=40),
             receive(product_code=None, production_date=day, returned_quantity=60)]
    assert batch_returns(same + other, ("BOX-7", day)) == 30
    assert batch_returns(same + other, ("BOX-7", day), excluding=same[0].id) == 20
    assert batch_returns(same + other, None) == 0
