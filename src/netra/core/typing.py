"""Shared type aliases for annotations (no runtime behaviour: nothing is imported at runtime)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

# The requesting person as views and tasks pass it: ``request.user`` or a loaded user row.
AnyUser: TypeAlias = "AbstractUser | AnonymousUser"
