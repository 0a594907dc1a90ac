"""HTTP plumbing shared by the services: app factory, problem details, auth, idempotency, paging."""
