"""What a benchmark module gets: a :class:`Report` to record figures, and timing helpers.

A benchmark module is ``bench/bench_<name>.py``. It declares ``TITLE`` (one line) and
``run(report)``. The runner calls ``run`` once per database backend, in a fresh process with
Django set up against an empty, migrated throwaway database; the module records what it
measured on ``report`` and never prints results itself (progress goes to :meth:`Report.progress`).

Figures recorded with the same key on every backend line up in one row of the printed table.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_ITERATIONS = 200
DEFAULT_WARMUP = 20


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(samples_s: list[float]) -> dict[str, float]:
    """Milliseconds: median, p95, mean, min, max and the sample count."""
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 95),
        "mean_ms": statistics.fmean(ms),
        "min_ms": min(ms),
        "max_ms": max(ms),
    }


def time_calls(
    fn: Callable[[], Any],
    *,
    iterations: int,
    warmup: int,
    before: Callable[[], Any] | None = None,
) -> list[float]:
    """Run ``fn`` ``warmup`` times untimed, then ``iterations`` times timed (seconds each).

    ``before`` runs before every call, outside the timed region (e.g. to build a fresh user).
    """
    for _ in range(warmup):
        if before is not None:
            before()
        fn()
    samples = []
    for _ in range(iterations):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


@dataclass
class Goal:
    """A target such as ``p95_ms < 100``; ``backends`` limits where it applies."""

    stat: str
    limit: float
    backends: tuple[str, ...] = ()

    def applies(self, backend: str) -> bool:
        return not self.backends or backend in self.backends

    def label(self) -> str:
        name, _sep, unit = self.stat.rpartition("_")
        text = f"< {self.limit:g}" if self.stat == "value" else f"{name} < {self.limit:g} {unit}"
        where = f" on {'/'.join(self.backends)}" if self.backends else ""
        return text + where


@dataclass
class Report:
    """Figures of one benchmark module on one backend, in the order they were recorded."""

    backend: str
    iterations: int = DEFAULT_ITERATIONS
    warmup: int = DEFAULT_WARMUP
    entries: list[dict[str, Any]] = field(default_factory=list)
    _section: str = "main"

    def section(self, title: str) -> None:
        """Start a group of figures (a table of its own in the output)."""
        self._section = title

    def value(
        self,
        key: str,
        value: float | int | str,
        *,
        label: str,
        unit: str = "",
        goal: Goal | None = None,
        baseline: str | None = None,
    ) -> None:
        """A single figure (seconds of an import, a row count...). ``baseline`` names another
        value whose figure this one is divided by for the ratio column."""
        entry: dict[str, Any] = {
            "type": "value",
            "section": self._section,
            "key": key,
            "label": label,
            "unit": unit,
            "value": value,
        }
        if goal is not None and goal.applies(self.backend):
            entry["goal"] = goal.label()
            entry["goal_met"] = isinstance(value, int | float) and value < goal.limit
        if baseline is not None:
            entry["baseline"] = baseline
        self.entries.append(entry)

    def timing(
        self,
        key: str,
        samples_s: list[float],
        *,
        label: str,
        baseline: str | None = None,
        goal: Goal | None = None,
    ) -> dict[str, float]:
        """A repeated measurement; printed as median and p95 in ms, plus the ratio of both to
        the timing recorded under ``baseline`` (same backend, same run)."""
        stats = summarise(samples_s)
        entry: dict[str, Any] = {
            "type": "timing",
            "section": self._section,
            "key": key,
            "label": label,
            **stats,
        }
        if baseline is not None:
            entry["baseline"] = baseline
        if goal is not None and goal.applies(self.backend):
            entry["goal"] = goal.label()
            entry["goal_met"] = stats[goal.stat] < goal.limit
        self.entries.append(entry)
        return stats

    def note(self, text: str) -> None:
        """A sentence printed under the section (method, caveat, decision)."""
        self.entries.append({"type": "note", "section": self._section, "text": text})

    def lines(self, key: str, title: str, lines: list[str]) -> None:
        """A block of text printed verbatim (e.g. the first lines of a query plan)."""
        self.entries.append(
            {"type": "lines", "section": self._section, "key": key, "title": title, "lines": lines}
        )

    def progress(self, message: str) -> None:
        print(f"  [{self.backend}] {message}", file=sys.stderr, flush=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "iterations": self.iterations,
            "warmup": self.warmup,
            "entries": self.entries,
        }


def django_process(target: str, db_name: str, *args: Any) -> None:
    """Entry point of an OS process a benchmark starts itself (``multiprocessing`` with the
    "spawn" start method, e.g. concurrent writers): set Django up, point the default connection at
    ``db_name`` (the run's throwaway database, ``connection.settings_dict["NAME"]`` in the parent)
    and call ``target`` ("module:function", imported only now) with ``args``."""
    import importlib

    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = db_name
    module, _sep, name = target.partition(":")
    getattr(importlib.import_module(module), name)(*args)


def iterations_from_env() -> tuple[int, int]:
    iterations = int(os.environ.get("NETRA_BENCH_ITERATIONS", DEFAULT_ITERATIONS))
    warmup = int(os.environ.get("NETRA_BENCH_WARMUP", DEFAULT_WARMUP))
    return iterations, warmup
