"""The /api/v1 resources, one folder each."""
