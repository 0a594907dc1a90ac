"""/api/v1/evaluations."""
