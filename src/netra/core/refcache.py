"""A cache for hot reads of reference data (offices, regions, deadline rules, holidays, open
elections), shared by every worker through Django's cache (Redis in production, a per-process
locmem cache in the embedded default).

A :class:`Namespace` names one kind of lookup and the models it is read from. Every model read
by a namespace has a *generation* in the cache, and every entry is kept with the generations it
was computed under; a lookup reads the generations and the entry in one round trip (``MGET``
with Redis) and uses the entry only when its generations are the current ones. A write to one
of those models starts a new generation of that model (now, and again when the writing
transaction commits, in case a reader cached the uncommitted row), so the next read of every
worker goes to the database:

* ``save()`` and ``delete()`` through the ``post_save`` / ``post_delete`` receivers a
  namespace connects;
* ``QuerySet.update``, ``bulk_create`` and ``bulk_update``, which send no signal, through
  :class:`InvalidatingQuerySet`, the query set of every cached model. It needs no namespace
  imported: a management command that bulk-loads regions invalidates what the web workers
  cached.

Entries also expire after ``ttl`` seconds, the safety net for writes that bypass the ORM (raw
SQL, another program) and, in the embedded default, for the other worker processes, whose locmem
caches a write in this process cannot reach. ``None`` results are not kept unless asked (a
missing row is not remembered for a row that a bulk import is about to add). When the cache
itself fails, the lookup goes to the database.

Tests start each test with :func:`clear_all` (root ``conftest.py``), since rolled-back rows do
not send signals.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

T = TypeVar("T")
_M = TypeVar("_M", bound=models.Model, covariant=True)
TTL = 60
_PREFIX = "netra:ref"
_namespaces: dict[str, Namespace] = {}


def _label(model: str | type[models.Model]) -> str:
    return model.lower() if isinstance(model, str) else model._meta.label_lower


def _generation_key(label: str) -> str:
    return f"{_PREFIX}:gen:{label}"


def _bump(labels: Iterable[str]) -> None:
    try:
        cache.set_many({_generation_key(label): uuid.uuid4().hex[:16] for label in labels},
                       timeout=None)
    except Exception:  # the cache is down: entries still expire after ttl
        log.exception("refcache: could not invalidate %s", ", ".join(labels))


def changed(model: str | type[models.Model]) -> None:
    """Rows of ``model`` changed: every namespace reading it starts afresh, now and when the
    current transaction commits."""
    labels = (_label(model),)
    _bump(labels)
    transaction.on_commit(lambda: _bump(labels), robust=True)


class InvalidatingQuerySet(models.QuerySet[_M]):
    """The query set of a model read through a :class:`Namespace`: the bulk writes that send
    no signal start a new generation too."""

    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        changed(self.model)
        return rows

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        changed(self.model)
        return created

    def bulk_update(self, objs: Iterable[_M], fields: Iterable[str],
                    batch_size: int | None = None) -> int:
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        changed(self.model)
        return rows


InvalidatingManager = models.Manager.from_queryset(InvalidatingQuerySet)


class Namespace:
    def __init__(self, name: str, *, models: Iterable[str | type], ttl: int = TTL) -> None:
        self.name = name
        self.ttl = ttl
        models = tuple(models)
        # Computed once: every lookup reads these keys (the hot path of a public report).
        self.labels = tuple(_label(model) for model in models)
        self._generation_keys = [_generation_key(label) for label in self.labels]
        _namespaces[name] = self
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=model, weak=False,
                               dispatch_uid=f"netra.refcache:{name}:{model}:{id(signal)}")

    def _changed(self, sender: type[models.Model], **kwargs: Any) -> None:
        changed(sender)

    def _current(self, found: dict[str, Any], keys: list[str]) -> tuple[str, ...]:
        """The generations of this namespace's models (a model without one gets one)."""
        generations = []
        for key in keys:
            generation = found.get(key)
            if generation is None:
                generation = uuid.uuid4().hex[:16]
                if not cache.add(key, generation, timeout=None):
                    generation = cache.get(key) or generation
            generations.append(str(generation))
        return tuple(generations)

    def get(self, key: str, compute: Callable[[], T], *, keep_none: bool = False) -> T:
        """The cached value of ``key`` in this namespace, else ``compute()`` (then kept)."""
        entry_key = f"{_PREFIX}:{self.name}:{key}"
        generation_keys = self._generation_keys
        try:
            found = cache.get_many([*generation_keys, entry_key])
            generations = self._current(found, generation_keys)
        except Exception:
            log.exception("refcache: cache unavailable for %s", self.name)
            return compute()
        entry = found.get(entry_key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generations:
            return entry[1]
        value = compute()
        if value is not None or keep_none:
            try:
                # Kept with the generations read before computing: a write meanwhile starts a
                # newer one, and the entry is then never used.
                cache.set(entry_key, (generations, value), self.ttl)
            except Exception:
                log.exception("refcache: could not store %s", self.name)
        return value


def clear_all() -> None:
    """A new generation for every namespace (tests: rows rolled back send no signal)."""
    _bump({label for namespace in _namespaces.values() for label in namespace.labels})
