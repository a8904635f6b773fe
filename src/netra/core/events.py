"""Domain events: an app publishes what happened; other apps subscribe without being imported.

A publisher calls :func:`publish` inside its transaction; subscribers run only after that
transaction commits (a rolled-back change announces nothing), in process, one after the other. Each
subscriber is isolated: an exception is logged with the event and never undoes or reports as failed
the change that was already committed. A subscriber with slow work enqueues a Celery task.

``core`` knows no app: events are plain frozen dataclasses declared by the publishing app
(case handling declares its own, e.g. ``CaseStepTaken``, in its ``events`` module); a subscribing
app imports the event class from the publisher and registers its handler from its
``AppConfig.ready``: ``subscribe(CaseStepTaken, handlers.on_case_step)``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)

Handler = Callable[[Any], None]

_subscribers: dict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type, handler: Handler) -> None:
    """Call ``handler(event)`` after commit for every published ``event_type`` (idempotent)."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def unsubscribe(event_type: type, handler: Handler) -> None:
    if handler in _subscribers.get(event_type, ()):
        _subscribers[event_type].remove(handler)


def subscribers(event_type: type) -> list[Handler]:
    return list(_subscribers.get(event_type, ()))


def deliver(event: Any) -> None:
    """Run the subscribers of ``event`` now, each isolated from the others."""
    for handler in subscribers(type(event)):
        try:
            handler(event)
        except Exception:
            name = getattr(handler, "__qualname__", handler)
            log.exception("event subscriber %s failed on %r", name, event)


def publish(event: Any) -> None:
    """Deliver ``event`` once the current transaction commits (at once outside a transaction)."""
    if not _subscribers.get(type(event)):
        return
    transaction.on_commit(lambda: deliver(event))
