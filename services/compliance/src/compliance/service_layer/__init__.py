"""Handlers: commands and events applied through the unit of work."""
