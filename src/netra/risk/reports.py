"""The comprehensive supervision report (Laporan Komprehensif), first version (issue #20.4).

:func:`request_report` records the request and queues :func:`build_report` (a Celery task,
inline in the embedded default). The report is built from what exists now, counted as the
requesting person may see it: findings and reports by category (the Serang 2024 table), cases by
regency/city (the Banten table), recommendations and their follow-up per recipient body
(organisations, never people's names), the office's vulnerability index and its programme
evaluation. PDF (WeasyPrint through ``netra.documents``) and XLSX (one sheet per table) are
stored privately with their SHA-256 and the snapshot time.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netra.core.audit import system_actor
from netra.core.exceptions import OutOfScope
from netra.core.scoping import may_in_region
from netra.files.storage import save_private_file

from .models import ComprehensiveReport, IndexScore, ReportStatus
from .permissions import RiskAction

logger = logging.getLogger(__name__)


def request_report(*, actor, organisation, election) -> ComprehensiveReport:
    """Queue the report of ``organisation`` for ``election`` (needs ``risk.report`` there)."""
    if not may_in_region(actor, RiskAction.REPORT, organisation.region_code):
        raise OutOfScope
    with transaction.atomic():
        report = ComprehensiveReport.objects.create(
            organisation=organisation, election=election, requested_by=actor,
            region_code=organisation.region_code,
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(pk: int) -> None:
    from .tasks import build_comprehensive_report

    build_comprehensive_report.delay(pk)


def report_tables(*, user, organisation, election) -> list:
    """The report's tables (``StatTable``-like: key, title, headers, rows, total)."""
    from netra.cases.statistics import (
        StatisticsFilters,
        category_table,
        follow_up_table,
        region_table,
    )

    filters = StatisticsFilters(election_id=election.pk, office_id=organisation.pk,
                                include_sub_offices=True)
    tables = [category_table(user=user, filters=filters), region_table(user=user, filters=filters),
              follow_up_table(user=user, filters=filters)]
    tables.append(_index_table(user=user, organisation=organisation, election=election))
    tables.append(_evaluation_table(user=user, organisation=organisation, election=election))
    return tables


class _Table:
    def __init__(self, key, title, headers, rows, note=""):
        self.key, self.title, self.headers, self.rows, self.note = key, title, headers, rows, note
        self.total = None

    def all_rows(self):
        return self.rows


def _index_table(*, user, organisation, election) -> _Table:
    from netra.core.scoping import subtree_q

    scores = (IndexScore.objects.visible_to(user, RiskAction.VIEW)
              .filter(subtree_q(organisation.region_code), election=election)
              .select_related("method").order_by("method__key", "-method__version", "rank")[:50])
    rows = [[s.rank, s.region_name, s.region_code, s.score, s.get_category_display(),
             str(s.method)] for s in scores]
    return _Table("index", _("Vulnerability index"),
                  [_("Rank"), _("Region"), _("Region code"), _("Score (0–100)"), _("Category"),
                   _("Method")], rows)


def _evaluation_table(*, user, organisation, election) -> _Table:
    from .models import EvaluationDimension
    from .selectors import dimension_averages, evaluation_list

    evaluation = evaluation_list(user=user).filter(organisation=organisation,
                                                   election=election).first()
    averages = dimension_averages([evaluation.pk]).get(evaluation.pk, {}) if evaluation else {}
    rows = [[d.name, averages.get(d.key)] for d in EvaluationDimension.objects.all()]
    return _Table("evaluation", _("Programme evaluation (average score 1–5)"),
                  [_("Dimension"), _("Average score")], rows)


def _cell(value):
    return "—" if value is None else value


def _xlsx(tables, *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=str(table.title)[:31].replace("/", "-"))
        sheet.append([str(h) for h in table.headers])
        for row in table.all_rows():
            sheet.append([_cell(v) if not isinstance(v, str) else v for v in row])
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_report(pk: int) -> ComprehensiveReport | None:
    """Generate the PDF and XLSX of report ``pk`` (the task body); failures are recorded on the
    row, never half-saved files."""
    from netra.documents.rendering import html_to_pdf, page_html

    report = ComprehensiveReport.objects.select_related(
        "organisation", "election", "requested_by").filter(pk=pk).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    user = report.requested_by
    language = getattr(user, "language", "") or "id"
    with system_actor("task:risk.build_comprehensive_report"), translation.override(language):
        ComprehensiveReport.objects.filter(pk=pk).update(status=ReportStatus.RUNNING, progress=10)
        try:
            snapshot = timezone.now()
            tables = report_tables(user=user, organisation=report.organisation,
                                   election=report.election)
            ComprehensiveReport.objects.filter(pk=pk).update(progress=40)
            title = _("Comprehensive supervision report: %(office)s, %(election)s") % {
                "office": report.organisation.name, "election": report.election.name}
            body = render_to_string("risk/report_pdf.html", {
                "title": title, "tables": tables, "snapshot": snapshot,
                "office": report.organisation, "election": report.election})
            pdf = html_to_pdf(page_html(body=body, title=title, language=language))
            ComprehensiveReport.objects.filter(pk=pk).update(progress=80)
            xlsx = _xlsx(tables, title=title)
        except Exception as exc:  # recorded on the row; the person sees it on the page
            logger.exception("comprehensive report %s failed", pk)
            ComprehensiveReport.objects.filter(pk=pk).update(
                status=ReportStatus.FAILED, failure=str(exc)[:2000])
            return ComprehensiveReport.objects.get(pk=pk)
        with transaction.atomic():
            report = ComprehensiveReport.objects.select_for_update().get(pk=pk)
            save_private_file(report.pdf, folder="risk/reports", extension="pdf", data=pdf)
            save_private_file(report.xlsx, folder="risk/reports", extension="xlsx", data=xlsx)
            report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            report.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
            report.snapshot_at = snapshot
            report.status = ReportStatus.DONE
            report.progress = 100
            report.save(update_fields=["pdf", "xlsx", "pdf_sha256", "xlsx_sha256", "snapshot_at",
                                       "status", "progress", "updated_at"])
    return report
