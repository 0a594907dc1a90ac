"""/api/v1/substance-groups."""
