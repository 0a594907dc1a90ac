"""Prometheus metrics shared by the API and the worker of a service.

When PROMETHEUS_MULTIPROC_DIR is set (it is under gunicorn and honcho), every process writes there
and the API's /metrics adds them all up, worker included.

Every label value comes from a closed set, so no caller can grow the number of series: endpoints are
URL rules (never raw paths), methods the standard ones or `other`, and event types those of the
service's catalogue and handlers: a type a wildcard handler pattern matches is its own label for the
first MAX_MATCHED_TYPES such types a process sees, `other` after that and for anything else.
"""
from __future__ import annotations

import os
import threading

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

HTTP_REQUESTS = Counter("qms_http_requests_total", "HTTP requests answered",
                        ["service", "method", "endpoint", "status"])
HTTP_LATENCY = Histogram("qms_http_request_duration_seconds", "HTTP request latency",
                         ["service", "method", "endpoint"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
OTHER = "other"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
MAX_MATCHED_TYPES = 200
_event_types: frozenset = frozenset()
_event_patterns: tuple = ()
_matched_types: set = set()
_lock = threading.Lock()


def method_label(method: str) -> str:
    """The HTTP method as a label: a standard one, else `other`."""
    return method if method in _METHODS else OTHER


def set_event_types(types, patterns=()) -> None:
    """Declare the event types this process may label (exact types, and AMQP-style handler patterns)."""
    global _event_types, _event_patterns
    exact = {t for t in types if "*" not in t and "#" not in t}
    with _lock:
        _event_types = frozenset(exact | {p for p in patterns if "*" not in p and "#" not in p})
        _event_patterns = tuple(p for p in patterns if "*" in p or "#" in p)
        _matched_types.clear()


def event_type_label(event_type) -> str:
    """`event_type` when declared or (within the cap) matched by a handler pattern, else `other`."""
    if event_type in _event_types or event_type in _matched_types:
        return event_type
    if not isinstance(event_type, str) or len(event_type) > 200 or len(_matched_types) >= MAX_MATCHED_TYPES:
        return OTHER
    from .topic import matches
    if any(matches(pattern, event_type) for pattern in _event_patterns):
        with _lock:
            if len(_matched_types) < MAX_MATCHED_TYPES:
                _matched_types.add(event_type)
                return event_type
    return OTHER


class _EventTypeLabelled:
    """A metric whose second label (after `service`) is an event type, mapped into the closed set."""

    def __init__(self, metric):
        self.metric = metric

    def labels(self, service, event_type, *rest):
        """The child of `service`, the event type's label and the other labels."""
        return self.metric.labels(service, event_type_label(event_type), *rest)

    def __getattr__(self, name):
        return getattr(self.metric, name)


EVENTS_PUBLISHED = _EventTypeLabelled(Counter("qms_events_published_total", "Events confirmed by the broker",
                                              ["service", "type"]))
EVENTS_UNROUTABLE = _EventTypeLabelled(Counter("qms_events_unroutable_total",
                                               "Events the broker returned: no queue bound", ["service", "type"]))
EVENTS_CONSUMED = _EventTypeLabelled(Counter("qms_events_consumed_total", "Events received by the consumer",
                                             ["service", "type", "outcome"]))
EVENTS_FAILED = _EventTypeLabelled(Counter("qms_events_failed_total", "Event handler failures",
                                           ["service", "type", "outcome"]))
EVENT_LATENCY = Histogram("qms_event_handling_seconds", "Time to apply one event",
                          ["service"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5))


class OutboxBacklogCollector:
    """Reads the outbox backlog from the service's database at scrape time."""

    def __init__(self, service: str, count_pending):
        self.service = service
        self.count_pending = count_pending

    def collect(self):
        gauge = GaugeMetricFamily("qms_outbox_backlog", "Events written but not yet confirmed by the broker",
                                  labels=["service"])
        try:
            gauge.add_metric([self.service], float(self.count_pending()))
        except Exception:  # the database being down must not break /metrics
            gauge.add_metric([self.service], float("nan"))
        yield gauge


class _Delegate:
    """Lets a fresh registry include the process's default one."""

    def __init__(self, registry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()


class CalendarCollector:
    """`qms_calendar_provisional_year{year}` = 1 for each year computed without its official schedule."""

    def __init__(self, provisional_years):
        self.provisional_years = provisional_years

    def collect(self):
        gauge = GaugeMetricFamily("qms_calendar_provisional_year",
                                  "Working days of this year are computed: its official schedule is not loaded",
                                  labels=["year"])
        for year in self.provisional_years():
            gauge.add_metric([str(year)], 1.0)
        yield gauge


def render(service: str, count_pending, provisional_years=lambda: []) -> bytes:
    """The Prometheus text exposition of this service (all processes when multiprocess)."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Delegate(REGISTRY))
    registry.register(OutboxBacklogCollector(service, count_pending))
    registry.register(CalendarCollector(provisional_years))
    return generate_latest(registry)
