"""Starting, mapping, running and resuming import jobs.

The runner commits each batch of rows together with the job's checkpoint and counts
(``transaction.atomic()`` around the importer's ``import_rows`` AND the job update): a crash loses
at most the batch in flight, whose rows are then imported again on resume, never twice.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import dropwhile, islice
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TypeAlias

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netra.core.audit import system_actor
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, get_scope, may
from netra.core.storage import clean_file_name, discard_file, save_private_file

from .models import ImportJob, ImportStatus
from .registry import Column, Importer, RowError, get_importer
from .tabular import Batch, Row, Table, TableError, max_bytes, max_rows, read_table

if TYPE_CHECKING:
    from django.core.files.base import File
    from django.db.models import Model

    from netra.core.typing import AnyUser

#: What ``start_import`` reads: an uploaded file, an open binary file or the bytes themselves.
Upload: TypeAlias = "File[Any] | IO[bytes] | bytes | bytearray"

logger = logging.getLogger(__name__)

DEFAULT_MAX_ERRORS = 1000
TASK_CHANNEL = "task:imports.run"


def max_errors_kept() -> int:
    return int(getattr(settings, "NETRA_IMPORT_MAX_ERRORS", DEFAULT_MAX_ERRORS))


# --- permission -----------------------------------------------------------------------------------


def _check_may_start(actor: AnyUser | None, importer: Importer, target: Model | None) -> None:
    """The actor needs the importer's action on the target (scoped) or somewhere at all.
    ``actor=None`` is the system (a command run without ``--actor``)."""
    if actor is None:
        return
    manager = getattr(type(target), "_default_manager", None)
    if target is not None and manager is not None and hasattr(manager, "visible_to"):
        allowed = can(actor, importer.action, target)
    else:
        allowed = may(actor, importer.action)
    if not allowed:
        raise OutOfScope(_("You may not run this import."))


def _office_and_region(
    actor: AnyUser | None, importer: Importer, target: Model | None, office: Any
) -> tuple[Any, str]:
    """The office the job belongs to and the region that scopes it: the target's region when it
    has one, else the office's (the actor's first membership allowing the action)."""
    region = getattr(target, "region_code", None) if target is not None else None
    office_id = getattr(office, "pk", office)
    office_region = getattr(office, "region_code", None)
    if office_id is None and actor is not None:
        grant = next(
            (g for g in get_scope(actor).grants if g.allows(importer.action) and g.supervisory),
            None,
        ) or next((g for g in get_scope(actor).grants if g.allows(importer.action)), None)
        if grant is not None:
            office_id, office_region = grant.organisation_id, grant.region_code
    if region is None:
        region = office_region or ""
    return office_id, region


# --- mapping --------------------------------------------------------------------------------------


def clean_mapping(
    importer: Importer, headers: list[str], mapping: dict[str, str], job: ImportJob | None = None
) -> dict[str, str]:
    """Check a header → column-key mapping against the file's headers and the importer's
    columns (of ``job``: ``Importer.columns_for``); empty choices are dropped. Raises
    ``ValidationError`` listing every problem."""
    errors: list[str] = []
    cleaned: dict[str, str] = {}
    keys = set(importer.column_keys(job))
    by_column: dict[str, str] = {}
    for header, key in (mapping or {}).items():
        if not key:
            continue
        if header not in headers:
            errors.append(_("The file has no column “%(header)s”.") % {"header": header})
            continue
        if key not in keys:
            errors.append(_("Unknown column “%(column)s”.") % {"column": key})
            continue
        if key in by_column:
            column = importer.get_column(key, job)
            errors.append(
                _("“%(column)s” is matched to both “%(first)s” and “%(second)s”.")
                % {
                    "column": column.label if column is not None else key,
                    "first": by_column[key],
                    "second": header,
                }
            )
            continue
        by_column[key] = header
        cleaned[header] = key
    if errors:
        raise ValidationError(errors, code="bad_mapping")
    return cleaned


def _full_mapping(
    importer: Importer, headers: list[str], explicit: dict[str, str], job: ImportJob | None = None
) -> tuple[dict[str, str], dict[str, int]]:
    """The explicit choices, then the automatic matches (``Importer.suggest_mapping``) for the
    headers and columns left; with the score of each automatic match."""
    mapping = dict(explicit)
    used = set(mapping.values())
    scores: dict[str, int] = {}
    suggested, suggested_scores = importer.suggest_mapping(job, headers)
    for header, key in suggested.items():
        if header not in mapping and key not in used:
            mapping[header] = key
            used.add(key)
            scores[header] = suggested_scores.get(header, 100)
    return mapping, scores


def missing_columns_message(
    importer: Importer, mapping: dict[str, str], job: ImportJob | None = None
) -> str:
    missing = importer.missing_required(mapping, job)
    return _("Match these required columns: %(columns)s.") % {
        "columns": ", ".join(str(c.label) for c in missing)
    }


# --- start ----------------------------------------------------------------------------------------


def _read_upload(file: Upload) -> tuple[bytes, str]:
    limit = max_bytes()
    name = clean_file_name(getattr(file, "name", "") or "")
    if isinstance(file, bytes | bytearray):
        return bytes(file), name
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise ValidationError({"file": [_("The file could not be read.")]}) from exc
    return data, name


def _open_table(data: bytes, filename: str) -> tuple[Table, int]:
    """The table and its number of data lines as shown until the run counts them: the cheap
    estimate (``Table.estimate_rows``, never fewer than the rows), the exact count only when the
    estimate passes the row limit (the file is then refused unless blank lines or cells spanning
    lines made it look longer than it is)."""
    try:
        table = read_table(data, filename=filename)
        total = table.estimate_rows()
        if total > max_rows():
            total = table.count_rows()
        elif total and next(table.records(), None) is None:
            total = 0
    except TableError as exc:
        raise ValidationError({"file": [exc.message]}, code=exc.code) from exc
    if total == 0:
        raise ValidationError(
            {"file": [_("The file has a header line but no data lines.")]}, code="no_rows"
        )
    return table, total


def start_import(
    importer_key: str,
    *,
    file: Upload,
    actor: AnyUser | None,
    target: Model | None = None,
    options: dict[str, Any] | None = None,
    office: Any = None,
    filename: str | None = None,
    dispatch: bool = True,
) -> ImportJob:
    """Start importing ``file`` with the importer registered as ``importer_key``.

    Checks the actor's right (the importer's action on ``target``, or anywhere when there is no
    scoped target), reads the table (a wrong format, an empty file, bad headers or too many
    lines are refused with a ``ValidationError`` on ``file``), stores the file privately and
    creates the job. When every required column is matched (``options["mapping"]`` may give
    header → column key) the job runs (inline in the embedded default, else on a Celery worker
    after commit); otherwise it waits in ``needs_mapping``, and so does every job of an
    importer with ``confirm_mapping`` (or ``options["confirm_mapping"]``): the job page shows the
    stored header row with the automatic matches (``options["match_scores"]``) and the person
    confirms them with :func:`set_mapping`, without uploading the file again.
    ``dispatch=False`` leaves a ready job pending for the caller to run (the ``import_file``
    command runs it in the foreground).
    """
    importer = get_importer(importer_key)
    _check_may_start(actor, importer, target)
    options = dict(options or {})
    data, name = _read_upload(file)
    name = clean_file_name(filename or name or "import")
    table, total = _open_table(data, name)
    explicit_choice = options.pop("mapping", None) or {}
    confirm = bool(options.pop("confirm_mapping", importer.confirm_mapping))
    office_id, region = _office_and_region(actor, importer, target, office)
    job = ImportJob(
        importer_key=importer_key,
        original_filename=name,
        sha256=hashlib.sha256(data).hexdigest(),
        file_format=table.format,
        headers=table.headers,
        total_rows=total,
        options=options,
        office_id=office_id,
        region_code=region or "",
        # The user row (not a visitor, not the system) is what the foreign key stores.
        created_by=actor if isinstance(actor, get_user_model()) else None,
    )
    if target is not None:
        job.target_type = ContentType.objects.get_for_model(target)
        job.target_id = str(target.pk)
    explicit = clean_mapping(importer, table.headers, explicit_choice, job)
    mapping, scores = _full_mapping(importer, table.headers, explicit, job)
    ready = not importer.missing_required(mapping, job) and not confirm
    job.mapping = mapping
    job.status = ImportStatus.PENDING if ready else ImportStatus.NEEDS_MAPPING
    if confirm:
        job.options["match_scores"] = scores
    save_private_file(job.file, folder="imports", extension=table.format, data=data)
    try:
        with transaction.atomic():
            job.save()
    except Exception:
        discard_file(job.file)
        raise
    if ready and dispatch:
        _dispatch(job)
        job.refresh_from_db()
    return job


def set_mapping(*, job: ImportJob, mapping: dict[str, str], actor: AnyUser | None) -> ImportJob:
    """Record the column mapping a person chose for a job waiting in ``needs_mapping`` and run
    it. Every required column must be matched."""
    importer = get_importer(job.importer_key)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.NEEDS_MAPPING:
            raise ValidationError(
                _("The columns of this import are already matched."), code="not_waiting"
            )
        cleaned = clean_mapping(importer, locked.headers, mapping, locked)
        if importer.missing_required(cleaned, locked):
            raise ValidationError(
                missing_columns_message(importer, cleaned, locked), code="missing"
            )
        locked.mapping = cleaned
        locked.status = ImportStatus.PENDING
        locked.save(update_fields=["mapping", "status", "updated_at"])
    _dispatch(locked)
    locked.refresh_from_db()
    return locked


def resume_import(
    job: ImportJob, *, actor: AnyUser | None = None, dispatch: bool = True
) -> ImportJob:
    """Run a failed or interrupted job again from its checkpoint (rows up to it are skipped).
    A job still marked running but silent for ``NETRA_IMPORT_STALE_SECONDS`` counts as
    interrupted."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not locked.is_resumable:
            raise ValidationError(
                _("This import cannot be resumed: it is %(status)s.")
                % {"status": locked.get_status_display().lower()},
                code="not_resumable",
            )
        locked.status = ImportStatus.PENDING
        locked.failure = ""
        locked.save(update_fields=["status", "failure", "updated_at"])
    if dispatch:
        _dispatch(locked)
        locked.refresh_from_db()
    return locked


def _dispatch(job: ImportJob) -> None:
    from .tasks import run_import_job

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        run_import_job(job.pk)
    else:
        pk = job.pk
        transaction.on_commit(lambda: run_import_job.delay(pk))


# --- the runner -----------------------------------------------------------------------------------


class _Abandoned(Exception):
    """The job left the running state under us (another worker took it)."""


def run_job(
    job_id: int, *, progress: Callable[[ImportJob], None] | None = None
) -> ImportJob | None:
    """Run a pending job to its end (the Celery task's body). Returns the job, or None if it is
    not pending (already taken by another worker, done, or waiting for a mapping).
    ``progress(job)`` is called after each committed batch (the command prints a line)."""
    with system_actor(TASK_CHANNEL), translation.override(_job_language(job_id)):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
            if job is None or job.status != ImportStatus.PENDING:
                return None
            job.status = ImportStatus.RUNNING
            job.started_at = job.started_at or timezone.now()
            job.save(update_fields=["status", "started_at", "updated_at"])
        try:
            _run(job, progress)
        except _Abandoned:
            return job
        except Exception as exc:  # the batch in flight rolled back; the job can be resumed
            logger.exception("Import job %s failed", job.pk)
            if isinstance(exc, TableError):
                message = exc.message
            else:
                message = _(
                    "The import stopped after line %(line)d because of an unexpected error. "
                    "Rows up to that line are saved; resume it to continue."
                ) % {"line": job.checkpoint}
            _finish(job, ImportStatus.FAILED, failure=message)
        except BaseException:
            _finish(job, ImportStatus.INTERRUPTED)
            raise
        return job


def _job_language(job_id: int) -> str:
    """Row errors are written in the language of the person who started the job (the
    default language for a job started by a command)."""
    creator = ImportJob.objects.filter(pk=job_id).values_list("created_by", flat=True).first()
    language = ""
    if creator is not None:
        user = get_user_model()._default_manager.filter(pk=creator).first()
        language = getattr(user, "language", "") or ""
    return language or settings.LANGUAGE_CODE


def _finish(job: ImportJob, status: str, failure: str = "") -> None:
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=status, failure=failure, updated_at=timezone.now()
        )
    job.refresh_from_db()


def _run(job: ImportJob, progress: Callable[[ImportJob], None] | None = None) -> None:
    importer = get_importer(job.importer_key)
    with job.file.open("rb") as handle:
        data = handle.read()
    table = read_table(data, filename=job.original_filename)
    size = max(1, int(importer.batch_size or 500))
    records: Iterator[Record] = table.records()
    if job.checkpoint:
        checkpoint = job.checkpoint
        records = dropwhile(lambda record: record[0] <= checkpoint, records)
    # The job's columns are read here, once: an importer may need the database for them.
    columns = importer.columns_for(job)

    def prepare(batch: list[Record]) -> _Prepared:
        return _prepare(job, importer, batch, columns)

    for prepared in _read_ahead(records, size, prepare):
        _commit_batch(job, importer, prepared)
        if progress:
            progress(job)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.RUNNING:
            raise _Abandoned
        importer.finish(job)
        locked.status = ImportStatus.DONE
        locked.finished_at = timezone.now()
        # The run has now read every line: the estimate shown so far becomes the count.
        locked.total_rows = locked.processed_rows
        locked.save(update_fields=["status", "finished_at", "total_rows", "updated_at"])
    job.refresh_from_db()


#: The interpreter's thread switch interval while a read-ahead thread works (Python's default is
#: 5 ms): each time the importing thread waits for the database it hands the interpreter lock to
#: the reader and, with the default, waited up to 5 ms to get it back, a dozen times per batch.
SWITCH_INTERVAL = 0.0005
_switching = {"users": 0, "saved": 0.0}
_switching_lock = threading.Lock()


@contextmanager
def _short_switches() -> Iterator[None]:
    """``SWITCH_INTERVAL`` for the interpreter while the block runs (the setting is global to
    the process: the first of concurrent jobs sets it, the last one restores it)."""
    with _switching_lock:
        if not _switching["users"]:
            _switching["saved"] = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switching["saved"]))
        _switching["users"] += 1
    try:
        yield
    finally:
        with _switching_lock:
            _switching["users"] -= 1
            if not _switching["users"]:
                sys.setswitchinterval(_switching["saved"])


def _read_ahead(
    records: Iterator[Record], size: int, prepare: Callable[[list[Record]], Any] | None = None
) -> Iterator[Any]:
    """Batches of ``size`` records (or what ``prepare`` makes of each), the next one read and
    prepared by a helper thread while the caller imports and commits the current one: the
    database works in its own process (or, SQLite, without holding the interpreter lock), so
    reading the file, mapping the rows and the importer's own checks overlap with writing.
    The thread does no database work (no ORM), in the caller's language; an error while reading
    or preparing reaches the caller after the batches before it, as it would without the
    thread. At most two batches wait in memory."""
    language = translation.get_language()
    box: queue.Queue[Any] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def read() -> None:
        with translation.override(language):
            try:
                while not stop.is_set():
                    batch = list(islice(records, size))
                    if not batch:
                        box.put(batch)
                        return
                    box.put(prepare(batch) if prepare is not None else batch)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
                box.put(exc)

    reader = threading.Thread(target=read, name="netra-import-reader", daemon=True)
    with _short_switches():
        reader.start()
        try:
            while True:
                item = box.get()
                if isinstance(item, BaseException):
                    raise item
                if isinstance(item, list) and not item:
                    return
                yield item
        finally:
            stop.set()
            while reader.is_alive():  # unblock a reader waiting to hand over a batch
                with suppress(queue.Empty):
                    box.get_nowait()
                reader.join(timeout=0.05)


#: One data line as the runner reads it: (spreadsheet line number, cells in header order).
Record: TypeAlias = "tuple[int, list[str]]"

_COUNTED = ("created", "updated", "duplicate")
_JOB_FIELDS = (
    "errors",
    "error_count",
    "created_count",
    "updated_count",
    "duplicate_count",
    "processed_rows",
    "checkpoint",
    "updated_at",
)


class _Prepared(NamedTuple):
    """A batch as the read-ahead thread hands it over: its records, the mapped batch (with the
    importer's ``prepared`` work) and the errors of rows missing a required value."""

    records: list[Record]
    mapped: Batch
    failed: list[tuple[int, RowError]]


def _prepare(
    job: ImportJob, importer: Importer, records: list[Record], columns: list[Column] | None = None
) -> _Prepared:
    """Map ``records`` and let the importer prepare them (no database work)."""
    mapped, failed = _as_batch(job, importer, records, columns)
    if len(mapped):
        mapped.prepared = importer.prepare_batch(job, mapped)
    return _Prepared(records, mapped, failed)


def _as_batch(
    job: ImportJob, importer: Importer, records: list[Record], columns: list[Column] | None = None
) -> tuple[Batch, list[tuple[int, RowError]]]:
    """The records as a :class:`Batch` of the job's columns (mapped by precomputed header
    positions, one transposition for the whole batch) without the rows that miss a required
    value, and the errors of those rows as (line number, error)."""
    if columns is None:
        columns = importer.columns_for(job)
    position = {header: index for index, header in enumerate(job.headers)}
    by_key = {key: position[header] for header, key in job.mapping.items() if header in position}
    numbers = [record[0] for record in records]
    file_columns = list(zip(*(record[1] for record in records), strict=True))
    blank = ("",) * len(records)
    values: dict[str, Sequence[str]] = {}
    for column in columns:
        index = by_key.get(column.key)
        values[column.key] = (
            file_columns[index] if index is not None and index < len(file_columns) else blank
        )
    batch = Batch(numbers, values)
    failed: dict[int, RowError] = {}
    for column in columns:
        if column.required and not all(values[column.key]):
            for index, value in enumerate(values[column.key]):
                if not value and index not in failed:
                    failed[index] = RowError(_("A value is required."), column=column.key)
    if failed:
        batch = batch.select([i for i in range(len(numbers)) if i not in failed])
    return batch, [(numbers[index], error) for index, error in failed.items()]


def _commit_batch(
    job: ImportJob, importer: Importer, batch: _Prepared | list[Record] | list[Row]
) -> None:
    """Import one batch and commit it with the job's checkpoint and counts. ``batch`` is what
    the read-ahead thread prepared (:class:`_Prepared`), or records as ``Table.records`` yields
    them (or :class:`Row` objects keyed by header), prepared here."""
    prepared: _Prepared | None = None
    if isinstance(batch, _Prepared):
        prepared, batch = batch, batch.records
    records: list[Record] = [
        (item.number, [item.values.get(h, "") for h in job.headers])
        if isinstance(item, Row)
        else item
        for item in batch
    ] if batch and isinstance(batch[0], Row) else batch  # type: ignore[assignment]
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.RUNNING:
            raise _Abandoned
        # Another worker (a resume while this one was only slow) may have committed some of
        # these rows already: the checkpoint, read under the lock, is the only truth.
        if records and records[0][0] <= locked.checkpoint:
            records = [record for record in records if record[0] > locked.checkpoint]
            prepared = None  # prepared for rows of which some are already committed
        if not records:
            return
        if prepared is None:
            prepared = _prepare(job, importer, records)
        mapped, failed = prepared.mapped, list(prepared.failed)
        results = importer.import_batch(job, mapped) if len(mapped) else []
        if len(results) != len(mapped):
            raise RuntimeError(
                f"{type(importer).__name__}.import_batch returned {len(results)} outcomes "
                f"for {len(mapped)} rows"
            )
        counts = Counter(results)
        unknown = [r for r in counts if r not in _COUNTED and not isinstance(r, RowError)]
        if unknown:
            number = next(n for n, r in zip(mapped.numbers, results, strict=True) if r in unknown)
            raise ValueError(f"Unknown import outcome {unknown[0]!r} for row {number}")
        locked.created_count += counts["created"]
        locked.updated_count += counts["updated"]
        locked.duplicate_count += counts["duplicate"]
        if failed or sum(counts[outcome] for outcome in _COUNTED) < len(results):
            failed += [
                (number, result)
                for number, result in zip(mapped.numbers, results, strict=True)
                if isinstance(result, RowError)
            ]
            failed.sort(key=lambda item: item[0])
            locked.error_count += len(failed)
            errors = list(locked.errors or [])
            room = max(0, max_errors_kept() - len(errors))
            errors += [
                {"row": number, "column": error.column, "message": error.message}
                for number, error in failed[:room]
            ]
            locked.errors = errors
        locked.processed_rows += len(records)
        locked.checkpoint = records[-1][0]
        locked.save(update_fields=list(_JOB_FIELDS))
    for name in _JOB_FIELDS:
        setattr(job, name, getattr(locked, name))
