"""AMQP topic semantics of rule patterns: `*` is exactly one word, `#` zero or more."""
import pytest

from notifications.domain.topics import pattern_error, specificity, topic_matches


@pytest.mark.parametrize("pattern, key, expected", [
    ("complaints.complaint.received", "complaints.complaint.received", True),
    ("complaints.complaint.received", "complaints.complaint.closed", False),
    ("complaints.*.received", "complaints.complaint.received", True),
    ("complaints.*", "complaints.complaint.received", False),        # * is exactly one word
    ("complaints.*.*", "complaints.complaint", False),               # ... never zero words
    ("*.*.overdue", "reviews.review.overdue", True),
    ("complaints.#", "complaints.complaint.received", True),
    ("complaints.#", "complaints", True),                            # # may be zero words
    ("complaints.#", "reviews.contract.accepted", False),
    ("#.overdue", "complaints.complaint.overdue", True),
    ("#.overdue", "overdue", True),
    ("#.overdue", "complaints.complaint.overdue.again", False),
    ("#", "anything.at.all", True),
    ("complaints.#.overdue", "complaints.overdue", True),
    ("complaints.#.overdue", "complaints.a.b.c.overdue", True),
    ("complaints.#.overdue", "complaints.a.b.c.closed", False),
    ("#.complaint.#", "complaints.complaint.received", True),
    ("*.#", "complaints", True),
    ("*.#", "", False),
])
def test_topic_matching(pattern, key, expected):
    assert topic_matches(pattern, key) is expected


@pytest.mark.parametrize("pattern", ["complaints.#", "*.*.overdue", "#", "a_b.c-d.9"])
def test_valid_patterns(pattern):
    assert pattern_error(pattern) is None


@pytest.mark.parametrize("pattern", ["", "Complaints.x", "a..b", "a.b*", "a.#x", "a b"])
def test_invalid_patterns_say_why(pattern):
    assert pattern_error(pattern)


def test_specificity_orders_exact_then_star_then_hash():
    patterns = ["complaints.#", "complaints.*.received", "complaints.complaint.received"]
    assert sorted(patterns, key=specificity) == [
        "complaints.complaint.received", "complaints.*.received", "complaints.#"]
