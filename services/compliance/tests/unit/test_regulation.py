"""The register of regulations: validation, revision, the yearly review rule."""
from datetime import date

import pytest
from qms_shared.domain import ValidationFailed

from compliance.domain.events import RegulationChanged, RegulationPublished, RegulationReviewed
from compliance.domain.regulation import Regulation
from compliance_builders import AT, CADMIUM, LEAD, regulation


def test_publishing_validates_and_records_the_event():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}], document_version="v2")
    assert (reg.code, reg.document_version, reg.status, reg.version) == ("TEST-REG", "v2", "active", 1)
    assert reg.last_reviewed_on == AT.date()  # entering it is its first review
    assert [type(e) for e in reg.pull_events()] == [RegulationPublished]


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(ValidationFailed) as caught:
        Regulation.publish(code=" ", title="", jurisdiction="EU", effective_date="2020-01-01", at=AT,
                           status="draft", limits=[{"cas": "7439-92-2", "substance": "Pb", "max_ppm": 0},
                                                   {"cas": LEAD, "substance": "", "max_ppm": 10}])
    errors = caught.value.extra["errors"]
    assert set(errors) == {"code", "title", "effective_date", "status", "limits[0].cas",
                           "limits[0].max_ppm", "limits[1].substance"}


def test_a_substance_cannot_be_limited_twice():
    with pytest.raises(ValidationFailed) as caught:
        regulation([{"cas": LEAD, "max_ppm": 1000}, {"cas": LEAD, "max_ppm": 500}])
    assert "limits[1].cas" in caught.value.extra["errors"]


def test_an_exemption_must_cover_a_limited_substance_and_have_a_unique_code():
    with pytest.raises(ValidationFailed) as caught:
        regulation([{"cas": LEAD, "max_ppm": 1000}],
                   exemptions=[{"code": "6(a)", "cas": CADMIUM}, {"code": "6(a)", "cas": LEAD, "expires_on": "soon"}])
    assert set(caught.value.extra["errors"]) == {"exemptions[0].cas", "exemptions[1].code", "exemptions[1].expires_on"}


def test_revising_limits_records_a_change_that_needs_re_evaluation():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}])
    reg.pull_events()
    changed = reg.revise({"limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}]}, AT)
    assert changed == ["limits"] and reg.limits[0].max_ppm == 500.0 and reg.version == 2
    [event] = reg.pull_events()
    assert isinstance(event, RegulationChanged) and event.affects_evaluation and event.changed == ["limits"]


def test_revising_only_the_title_does_not_trigger_re_evaluation():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}])
    reg.pull_events()
    reg.revise({"title": "Renamed"}, AT)
    [event] = reg.pull_events()
    assert event.changed == ["title"] and not event.affects_evaluation


def test_a_revision_that_changes_nothing_records_nothing():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}])
    reg.pull_events()
    assert reg.revise({"title": "Test regulation", "limits": [{"cas": LEAD, "substance": LEAD, "max_ppm": 1000}]},
                      AT) == []
    assert reg.version == 1 and reg.pull_events() == []


def test_exemptions_can_be_added_alone_and_are_checked_against_the_current_limits():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}])
    reg.revise({"exemptions": [{"code": "6(c)", "cas": LEAD, "expires_on": date(2027, 1, 1)}]}, AT)
    assert reg.exemptions[0].code == "6(c)"
    with pytest.raises(ValidationFailed):
        reg.revise({"exemptions": [{"code": "8(b)", "cas": CADMIUM}]}, AT)
    assert [e.code for e in reg.exemptions] == ["6(c)"]  # the refused change left nothing behind


def test_the_code_and_unknown_fields_cannot_be_revised():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}])
    with pytest.raises(ValidationFailed) as caught:
        reg.revise({"code": "NEW", "colour": "red"}, AT)
    assert set(caught.value.extra["errors"]) == {"code", "colour"}


@pytest.mark.parametrize("today, overdue", [
    (date(2026, 3, 9), False), (date(2026, 3, 10), False), (date(2026, 3, 11), True)])
def test_a_regulation_not_reviewed_for_twelve_months_is_flagged(today, overdue):
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}], last_reviewed_on=date(2025, 3, 10))
    assert reg.review_due_on() == date(2026, 3, 10)
    assert reg.review_overdue(today) is overdue


def test_never_reviewed_is_overdue_and_withdrawn_needs_no_review():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}])
    reg.last_reviewed_on = None
    assert reg.review_overdue(AT.date())
    reg.status = "withdrawn"
    assert not reg.review_overdue(AT.date())


def test_a_review_moves_the_due_date_and_cannot_be_dated_in_the_future():
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}], last_reviewed_on=date(2024, 1, 1))
    reg.pull_events()
    reg.review(date(2026, 3, 1), "qe", AT)
    assert reg.review_due_on() == date(2027, 3, 1) and not reg.review_overdue(AT.date())
    assert isinstance(reg.pull_events()[0], RegulationReviewed)
    with pytest.raises(ValidationFailed):
        reg.review(date(2026, 3, 11), "qe", AT)


@pytest.mark.parametrize("day, status, in_force", [
    (date(2019, 12, 31), "active", False), (date(2020, 1, 1), "active", True), (date(2021, 1, 1), "withdrawn", False)])
def test_in_force_from_its_effective_date_while_active(day, status, in_force):
    reg = regulation([{"cas": LEAD, "max_ppm": 1000}], status=status)
    assert reg.in_force_on(day) is in_force
