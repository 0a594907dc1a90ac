"""Prometheus metrics shared by the API and the worker of a service.

When PROMETHEUS_MULTIPROC_DIR is set (it is under gunicorn and honcho), every process writes there
and the API's /metrics adds them all up, worker included.
"""
from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

HTTP_REQUESTS = Counter("qms_http_requests_total", "HTTP requests answered",
                        ["service", "method", "endpoint", "status"])
HTTP_LATENCY = Histogram("qms_http_request_duration_seconds", "HTTP request latency",
                         ["service", "method", "endpoint"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
EVENTS_PUBLISHED = Counter("qms_events_published_total", "Events confirmed by the broker",
                           ["service", "type"])
EVENTS_UNROUTABLE = Counter("qms_events_unroutable_total", "Events the broker returned: no queue bound",
                            ["service", "type"])
EVENTS_CONSUMED = Counter("qms_events_consumed_total", "Events received by the consumer",
                          ["service", "type", "outcome"])
EVENTS_FAILED = Counter("qms_events_failed_total", "Event handler failures",
                        ["service", "type", "outcome"])
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
