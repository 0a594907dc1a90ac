"""/api/v1/admin."""
