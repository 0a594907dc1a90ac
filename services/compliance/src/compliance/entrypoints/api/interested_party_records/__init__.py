"""/api/v1/interested-party-records."""
