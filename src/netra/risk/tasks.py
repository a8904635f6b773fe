"""Background work of the risk app (inline in the embedded default). Tasks take ids only."""

from celery import shared_task


@shared_task(name="risk.build_comprehensive_report")
def build_comprehensive_report(report_id: int) -> str:
    """Generate the PDF and XLSX of a requested comprehensive report; returns its status."""
    from .reports import build_report

    report = build_report(report_id)
    return report.status if report is not None else "missing"
