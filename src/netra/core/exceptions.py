"""Errors raised by services; views and the API turn them into messages and status codes."""

from django.core.exceptions import PermissionDenied


class OutOfScope(PermissionDenied):
    """The actor may not act on this object (views answer 404 to avoid revealing it)."""
