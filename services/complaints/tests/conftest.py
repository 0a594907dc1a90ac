"""Fixtures: a real PostgreSQL database and isolated RabbitMQ names for the complaints service."""
from qms_shared.pytest_fixtures import service_fixtures

globals().update(service_fixtures("complaints", default_role="quality"))
