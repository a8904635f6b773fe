"""Reads of the public portal: the office inbox (scoped), a reporter's status page, and the
public transparency counts (no names, small counts suppressed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from netra.regions.selectors import region_get

from .choices import Sender, SubmissionStatus
from .models import MessageFile, PortalMessage, Submission
from .permissions import PortalAction

if TYPE_CHECKING:
    from netra.cases.selectors import SourceCaseSummary
    from netra.core.charts import BarChart
    from netra.core.typing import AnyUser


def inbox_list(*, user: AnyUser, status: str = "") -> QuerySet[Submission]:
    """Portal submissions in the user's jurisdiction (``portal.respond``), newest first, with
    the number of reporter messages the office has not answered yet."""
    qs = Submission.objects.visible_to(user, PortalAction.RESPOND).select_related(
        "election", "office").annotate(
        unread=Count("messages", filter=Q(messages__sender=Sender.REPORTER,
                                          messages__read_by_office=False)))
    if status in SubmissionStatus.values:
        qs = qs.filter(status=status)
    return qs


def inbox_get(*, user: AnyUser, pk: int) -> Submission:
    """One submission for the office; out of scope raises ``Submission.DoesNotExist`` (404)."""
    return inbox_list(user=user).get(pk=pk)


def message_list(submission: Submission) -> QuerySet[PortalMessage]:
    return submission.messages.select_related("author").prefetch_related("files")


def message_file_for_reporter(submission: Submission, pk: int) -> MessageFile | None:
    return MessageFile.objects.filter(pk=pk, message__submission=submission).first()


def message_file_for_office(*, user: AnyUser, pk: int) -> MessageFile:
    row: MessageFile = MessageFile.objects.visible_to(user, PortalAction.RESPOND).select_related(
        "message__submission").get(pk=pk)
    return row


def case_summary(submission: Submission) -> SourceCaseSummary | None:
    """The case's public summary (no names) for the status page, or None."""
    from netra.cases.selectors import source_case_summary

    return source_case_summary(submission)


# --- Transparency ---------------------------------------------------------------------------


def min_count() -> int:
    return int(getattr(settings, "NETRA_PUBLIC_MIN_COUNT", 3))


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int | None  # None: suppressed (fewer than the threshold)


@dataclass(frozen=True)
class CountTable:
    key: str
    title: str
    heading: str
    rows: list[CountRow]


def _rows(counter: Counter[Any], labels: Mapping[Any, str], threshold: int) -> list[CountRow]:
    rows = []
    for value, n in sorted(counter.items(), key=lambda item: (-item[1], str(item[0]))):
        label = labels.get(value) or str(value) or _("Unknown")
        rows.append(CountRow(label, n if n >= threshold else None))
    return rows


def _regency(code: str) -> str:
    return ".".join(code.split(".")[:2]) if code else ""


def transparency_tables() -> list[CountTable]:
    """Counts of portal reports by regency/city, status, kind, violation category (once the
    handling office has classified the case) and election. Counts below
    ``NETRA_PUBLIC_MIN_COUNT`` are suppressed (shown as "fewer than N"). Nothing else is read:
    no names, no descriptions."""
    threshold = min_count()
    rows = list(Submission.objects.order_by().values(
        "region_code", "status", "recorded_kind", "election_id", "election__name", "case_id"))
    by_region: Counter[str] = Counter(_regency(r["region_code"]) for r in rows)
    region_labels = {}
    for code in by_region:
        region = region_get(code) if code else None
        region_labels[code] = region.name if region else code
    by_status: Counter[str] = Counter(r["status"] for r in rows)
    by_kind: Counter[str] = Counter(r["recorded_kind"] for r in rows)
    by_election: Counter[int] = Counter(r["election_id"] for r in rows)
    election_labels = {r["election_id"]: r["election__name"] for r in rows}
    from netra.cases.choices import CaseKind
    from netra.cases.statistics import public_category_counts
    from netra.rules.choices import Category

    by_category: Counter[str] = Counter(
        public_category_counts(r["case_id"] for r in rows if r["case_id"]))
    category_labels = {**_labels(Category.choices), "": _("Not yet classified")}

    return [
        CountTable("region", _("Reports by regency or city"), _("Regency or city"),
                   _rows(by_region, region_labels, threshold)),
        CountTable("status", _("Reports by status"), _("Status"),
                   _rows(by_status, _labels(SubmissionStatus.choices), threshold)),
        CountTable("kind", _("Reports by category of intake"), _("Recorded as"),
                   _rows(by_kind, _labels(CaseKind.choices), threshold)),
        CountTable("category", _("Reports by violation category"), _("Category"),
                   _rows(by_category, category_labels, threshold)),
        CountTable("election", _("Reports by election"), _("Election"),
                   _rows(by_election, election_labels, threshold)),
    ]


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def transparency_chart(table: CountTable) -> BarChart:
    from netra.core.charts import BarChart, Series

    shown = [r for r in table.rows if r.count is not None]
    return BarChart(key=f"portal-{table.key}", title=table.title,
                    labels=tuple(r.label for r in shown),
                    series=(Series(_("Reports"), tuple(r.count for r in shown)),),
                    unit=_("Reports"), label_title=table.heading, horizontal=True)
