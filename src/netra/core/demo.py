"""Demo data loaders, registered by the apps (``netra load_demo_data`` runs them in order).

Each loader is idempotent and returns the demo logins it created or found (possibly none), so
the command can print them. ``core`` knows no app: organisations and users come from
``accounts``, elections and cases from ``cases``, later modules add their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: StrOrPromise  # a role label, translated when printed
    organisation: str


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[], Iterable[DemoLogin] | None]
    order: int


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(name: str, load: Callable[[], Iterable[DemoLogin] | None], *,
                         order: int = 50) -> None:
    _loaders[name] = DemoLoader(name, load, order)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda d: (d.order, d.name))


def load_demo_data(*, only: Iterable[str] | None = None) -> list[DemoLogin]:
    """Run the registered loaders (all, or the named ones) in order; return every login."""
    wanted = set(only) if only is not None else None
    logins: list[DemoLogin] = []
    for loader in demo_loaders():
        if wanted is not None and loader.name not in wanted:
            continue
        logins.extend(loader.load() or [])
    return logins
