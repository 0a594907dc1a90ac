"""/api/v1/reports."""
