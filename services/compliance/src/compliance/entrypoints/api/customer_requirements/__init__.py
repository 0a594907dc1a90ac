"""/api/v1/customer-requirements."""
