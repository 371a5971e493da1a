"""Data access verbs, one module per area. Views call these; they never write queries."""

from tracker.crud import users

__all__ = ["users"]
