"""/api/v1/nonconformances."""
