"""Fixtures: a real PostgreSQL database and isolated RabbitMQ names for the notifications service."""
from qms_shared.pytest_fixtures import service_fixtures

globals().update(service_fixtures("notifications", default_role="quality"))
