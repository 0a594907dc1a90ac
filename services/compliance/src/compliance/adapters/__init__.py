"""Adapters: the database, the file formats, seen from the domain."""
