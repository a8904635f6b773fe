"""A cache for hot reads of reference data (offices, regions, deadline rules, holidays, open
elections), shared by every worker through Django's cache (Redis in production, a per-process
locmem cache in the embedded default).

A :class:`Namespace` names one kind of lookup and the models it is read from. Every entry of a
namespace carries the namespace's current generation in its key; a ``post_save`` or
``post_delete`` of one of those models starts a new generation (now, and again when the writing
transaction commits, in case a reader cached the uncommitted row), so the next read of every
worker goes to the database. Entries also expire after ``ttl`` seconds: the safety net for
writes that send no signal (``QuerySet.update``, ``bulk_create``) and, in the embedded default,
for the other worker processes, whose locmem caches a signal in this process cannot reach.
``None`` results are not kept unless asked (a missing row is not remembered for a row that a
bulk import is about to add). When the cache itself fails, the lookup goes to the database.

Tests start each test with :func:`clear_all` (root ``conftest.py``), since rolled-back rows do
not send signals.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

T = TypeVar("T")
TTL = 60
_PREFIX = "netra:ref"
_MISSING = object()
_namespaces: dict[str, Namespace] = {}


class Namespace:
    def __init__(self, name: str, *, models: Iterable[str | type], ttl: int = TTL) -> None:
        self.name = name
        self.ttl = ttl
        self._generation_key = f"{_PREFIX}:{name}:gen"
        _namespaces[name] = self
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=model, weak=False,
                               dispatch_uid=f"netra.refcache:{name}:{model}:{id(signal)}")

    def _changed(self, sender, **kwargs) -> None:
        self.invalidate()
        transaction.on_commit(self.invalidate, robust=True)

    def invalidate(self) -> None:
        """Start a new generation: every worker reads the database on its next lookup."""
        try:
            cache.set(self._generation_key, uuid.uuid4().hex[:16], timeout=None)
        except Exception:  # the cache is down: entries still expire after ttl
            log.exception("refcache: could not invalidate %s", self.name)

    def _generation(self) -> str:
        generation = cache.get(self._generation_key)
        if generation is None:
            generation = uuid.uuid4().hex[:16]
            if not cache.add(self._generation_key, generation, timeout=None):
                generation = cache.get(self._generation_key) or generation
        return str(generation)

    def get(self, key: str, compute: Callable[[], T], *, keep_none: bool = False) -> T:
        """The cached value of ``key`` in this namespace, else ``compute()`` (then kept)."""
        try:
            full_key = f"{_PREFIX}:{self.name}:{self._generation()}:{key}"
            value = cache.get(full_key, _MISSING)
        except Exception:
            log.exception("refcache: cache unavailable for %s", self.name)
            return compute()
        if value is not _MISSING:
            return value
        value = compute()
        if value is not None or keep_none:
            try:
                cache.set(full_key, value, self.ttl)
            except Exception:
                log.exception("refcache: could not store %s", self.name)
        return value


def clear_all() -> None:
    """A new generation for every namespace (tests: rows rolled back send no signal)."""
    for namespace in _namespaces.values():
        namespace.invalidate()
