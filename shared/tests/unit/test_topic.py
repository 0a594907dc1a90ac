"""AMQP topic semantics, as RabbitMQ's topic exchange applies them."""
import pytest

from qms_shared.topic import matches


@pytest.mark.parametrize("pattern,key,expected", [
    ("complaints.complaint.received", "complaints.complaint.received", True),
    ("complaints.*.received", "complaints.complaint.received", True),
    ("complaints.*", "complaints.complaint.received", False),       # * is exactly one word
    ("*.complaint.*", "complaints.complaint.overdue", True),
    ("complaints.#", "complaints.complaint.received", True),
    ("complaints.#", "complaints", True),                          # # may be zero words
    ("#", "anything.at.all", True),
    ("#.received", "complaints.complaint.received", True),
    ("complaints.#.received", "complaints.received", True),
    ("complaints.#.received", "complaints.a.b.received", True),
    ("complaints.*.received", "complaints.received", False),
    ("reviews.#", "complaints.complaint.received", False),
    ("*", "complaints.complaint", False),
])
def test_topic_matching(pattern, key, expected):
    assert matches(pattern, key) is expected
