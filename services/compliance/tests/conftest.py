"""Fixtures: a real PostgreSQL database and isolated RabbitMQ names for the compliance service."""
from qms_shared.pytest_fixtures import service_fixtures

globals().update(service_fixtures("compliance", default_role="quality"))
