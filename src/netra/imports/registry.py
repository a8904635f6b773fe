"""Importers (pengimpor): what a module declares to take a tabular file.

A module subclasses :class:`Importer` (its ``key``, ``label``, ``action`` and ``columns``),
implements ``import_row`` (or ``import_rows`` for a whole batch, or ``import_batch`` for a batch
given column by column) and registers the class from its
``AppConfig.ready`` with :func:`register_importer`. No model is imported here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .tabular import Batch, Row

OUTCOMES = ("created", "updated", "duplicate")


@dataclass(frozen=True)
class Column:
    """A column an importer reads: ``key`` (used in code and in ``row.values``), a translated
    ``label`` shown to people, whether a value is ``required``, and header ``aliases``."""

    key: str
    label: Any
    required: bool = False
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        """Every normalised header that matches this column: key, label in each language,
        aliases."""
        found = {normalise_header(self.key)}
        for alias in self.aliases:
            found.add(normalise_header(alias))
        for language in ("id", "en"):
            with translation.override(language):
                found.add(normalise_header(str(self.label)))
        found.discard("")
        return found


class RowError(Exception):
    """A row that cannot be imported: a translated ``message`` and the column ``key`` it is about
    (if any). Return it as a row's outcome from ``import_rows``, or raise it from
    ``import_row``."""

    def __init__(self, message, column: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.column = column or ""

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, RowError)
            and other.message == self.message
            and other.column == self.column
        )

    def __hash__(self) -> int:
        return hash((self.message, self.column))

    def __repr__(self) -> str:
        return f"RowError({self.message!r}, column={self.column!r})"


def normalise_header(text: str) -> str:
    """Case-, accent-, space- and underscore-insensitive form of a header or column name."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\s_\-./]+", " ", text.casefold())
    return text.strip()


class Importer:
    """Base class of a module's importer.

    ``import_rows(job, rows)`` receives one batch of rows whose ``values`` are keyed by column
    key (every column present, "" when absent) and returns one outcome per row, in order:
    ``"created"``, ``"updated"``, ``"duplicate"`` or a :class:`RowError`. The default calls
    ``import_row(job, row)`` for each row inside a savepoint, turning a ``ValidationError`` or
    ``RowError`` into that row's error. The batch runs in one transaction with the job's
    checkpoint, so raise any other exception to abandon the whole batch (the job fails and can be
    resumed from its checkpoint).

    ``job.target`` is the object the import is for (an activity …), ``job.created_by`` the
    person who started it, ``job.options`` what the caller passed.
    """

    key: str = ""
    label: Any = ""
    action: str = ""
    columns: list[Column] = []
    batch_size: int = 500

    def import_batch(self, job, batch: Batch) -> list[str | RowError]:
        """Import one batch given column by column (:class:`~netra.imports.tabular.Batch`);
        one outcome per row, in order. The default hands ``batch.rows()`` to ``import_rows``;
        an importer with much to read overrides this instead and builds no dict per row.
        Rows missing a required value are already taken out (the runner reports them).
        ``batch.prepared`` holds what :meth:`prepare_batch` returned for it (the runner calls
        it first; a direct caller may not have: None then)."""
        return self.import_rows(job, batch.rows())

    def prepare_batch(self, job, batch: Batch) -> Any:
        """The work on a batch that needs no database (checking, cleaning, converting values),
        returned for :meth:`import_batch` to find in ``batch.prepared``. The runner calls it in
        its read-ahead thread while the previous batch is being written and committed, so that
        Python works while the database does: it must not use the database or the ORM (the
        thread has no connection of the job's transaction) nor any state that ``import_batch``
        changes. Nothing (None) by default."""
        return None

    def import_rows(self, job, rows: list[Row]) -> list[str | RowError]:
        outcomes: list[str | RowError] = []
        for row in rows:
            outcome: str | RowError
            try:
                with transaction.atomic():
                    outcome = self.import_row(job, row)
            except RowError as exc:
                outcome = exc
            except ValidationError as exc:
                outcome = row_error_from_validation(exc, self.column_keys())
            outcomes.append(outcome)
        return outcomes

    def import_row(self, job, row: Row) -> str:
        """Import one row; return an outcome or raise ``ValidationError``/``RowError``."""
        raise NotImplementedError(f"{type(self).__name__} must implement import_row or import_rows")

    def finish(self, job) -> None:
        """Called once when the job is done (e.g. to refresh totals); nothing by default."""

    def target_url(self, job) -> str:
        """Where the job page links back to: the target's page by default."""
        target = job.target
        getter = getattr(target, "get_absolute_url", None)
        try:
            return getter() if getter else ""
        except Exception:  # noqa: BLE001 - a missing URL must not break the job page
            return ""

    # columns of one job ---------------------------------------------------------------------------

    #: Leave every new job waiting in ``needs_mapping`` so a person confirms the automatic matches
    #: (the job page shows them; nothing is uploaded again).
    confirm_mapping: bool = False
    #: Also match headers that are close to a column's name (rapidfuzz), not only equal to it.
    fuzzy_headers: bool = False
    #: Lowest rapidfuzz score (0-100) a fuzzy match needs.
    fuzzy_threshold: int = 85

    def columns_for(self, job) -> list[Column]:
        """The columns of one job (e.g. the questions of the questionnaire wave it imports into).
        ``job`` may be unsaved; its ``options`` and ``target`` are set. ``columns`` by default."""
        return list(self.columns)

    def _columns(self, job=None) -> list[Column]:
        return self.columns_for(job) if job is not None else list(self.columns)

    def suggest_mapping(self, job, headers: list[str]) -> tuple[dict[str, str], dict[str, int]]:
        """Automatic mapping header → column key for ``job`` and the score (0-100) of each match:
        equal names first (100), then, with ``fuzzy_headers``, the closest remaining names."""
        columns = self._columns(job)
        mapping = self.match_headers(headers, job=job)
        scores = dict.fromkeys(mapping, 100)
        if self.fuzzy_headers:
            used = set(mapping.values())
            rest = [h for h in headers if h not in mapping]
            left = [c for c in columns if c.key not in used]
            for header, (key, score) in fuzzy_match(rest, left, self.fuzzy_threshold).items():
                mapping[header] = key
                scores[header] = score
        return mapping, scores

    # helpers ------------------------------------------------------------------------------------

    def column_keys(self, job=None) -> list[str]:
        return [c.key for c in self._columns(job)]

    def get_column(self, key: str, job=None) -> Column | None:
        return next((c for c in self._columns(job) if c.key == key), None)

    def match_headers(self, headers: Iterable[str], job=None) -> dict[str, str]:
        """Automatic mapping header → column key (first match per column wins)."""
        mapping: dict[str, str] = {}
        used: set[str] = set()
        columns = [(column, column.names()) for column in self._columns(job)]
        for header in headers:
            normal = normalise_header(header)
            for column, names in columns:
                if column.key in used:
                    continue
                if normal in names:
                    mapping[header] = column.key
                    used.add(column.key)
                    break
        return mapping

    def missing_required(self, mapping: dict[str, str], job=None) -> list[Column]:
        mapped = set(mapping.values())
        return [c for c in self._columns(job) if c.required and c.key not in mapped]


def fuzzy_match(
    headers: Iterable[str], columns: Iterable[Column], threshold: int = 85
) -> dict[str, tuple[str, int]]:
    """header → (column key, score) for headers close to a column's name (any of
    ``Column.names()``), best pairs first, each header and column used once. Scores are
    rapidfuzz's ``token_sort_ratio`` of the normalised texts; a header longer than a long column
    name (Google Forms appends a question's description) also scores by its start. A fuzzy
    score is never 100, so the page marks it for checking."""
    from rapidfuzz import fuzz

    named = [(column.key, column.names()) for column in columns]
    pairs: list[tuple[int, int, str, str]] = []
    for position, header in enumerate(headers):
        normal = normalise_header(header)
        if not normal:
            continue
        for key, names in named:
            best = 0
            for name in names:
                score = fuzz.token_sort_ratio(normal, name)
                if len(name) > 12 and len(normal) > len(name):
                    # The header's start against the whole name (an appended description).
                    score = max(score, min(99, fuzz.ratio(normal[: len(name)], name)))
                best = max(best, min(99, round(score)))
            if best >= threshold:
                pairs.append((best, -position, header, key))
    found: dict[str, tuple[str, int]] = {}
    taken: set[str] = set()
    for score, _position, header, key in sorted(pairs, reverse=True):
        if header in found or key in taken:
            continue
        found[header] = (key, score)
        taken.add(key)
    return found


def row_error_from_validation(exc: ValidationError, keys: Iterable[str]) -> RowError:
    """One ``RowError`` from a ``ValidationError``: its first field that is a column, all
    messages joined."""
    keys = list(keys)
    if hasattr(exc, "error_dict"):
        column = next((k for k in exc.error_dict if k in keys), "")
        messages = [m for errors in exc.message_dict.values() for m in errors]
        return RowError(" ".join(messages), column=column)
    return RowError(" ".join(exc.messages))


_IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(importer: type[Importer]) -> type[Importer]:
    """Register an importer class (from the module's ``AppConfig.ready``); usable as a
    decorator. Registering the same class twice is harmless; another class under a taken key is
    a programming error."""
    if not importer.key or "." not in importer.key:
        raise ValueError(f"Importer key must be '<app>.<name>': {importer.key!r}")
    if not importer.action:
        raise ValueError(f"Importer {importer.key} must name its action")
    keys = [c.key for c in importer.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"Importer {importer.key} has duplicate column keys")
    current = _IMPORTERS.get(importer.key)
    if (
        current is not None
        and current is not importer
        and (current.__module__, current.__qualname__)
        != (importer.__module__, importer.__qualname__)
    ):
        raise ValueError(f"Importer key already registered: {importer.key}")
    _IMPORTERS[importer.key] = importer
    return importer


def unregister_importer(key: str) -> None:
    """Forget an importer (tests)."""
    _IMPORTERS.pop(key, None)


def get_importer(key: str) -> Importer:
    """An instance of the importer registered under ``key``; ``LookupError`` if none."""
    try:
        return _IMPORTERS[key]()
    except KeyError as exc:
        raise LookupError(_("Unknown import: %(key)s") % {"key": key}) from exc


def importer_keys() -> list[str]:
    return sorted(_IMPORTERS)


def importer_classes() -> dict[str, type[Importer]]:
    """Registered importer classes by key (a copy)."""
    return dict(_IMPORTERS)
