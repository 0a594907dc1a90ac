"""/api/v1/regulations."""
