"""Indicator files through the shared tabular imports (``netra.imports``).

One row per region and indicator (long format: ``kode_wilayah``, ``indikator``, ``nilai``), so
one importer serves every method whatever its indicators. The job's target is the method; the
election comes in the job's options. Unknown region codes and indicators, regions of another
level and missing values are reported per row; a missing value is not stored, so the region is
left out of that indicator and its other weights are renormalised.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

INDICATOR_IMPORTER = "risk.indicator_values"


def register_importers() -> None:
    try:
        from netra.imports.registry import Column, Importer, RowError, register_importer
    except ImportError:  # the shared imports app is not installed yet
        return

    from .permissions import RiskAction

    class IndicatorValueImporter(Importer):
        key = INDICATOR_IMPORTER
        label = _("Vulnerability indicator values")
        action = RiskAction.CHANGE
        columns = [
            Column("region_code", _("Region code"), required=True,
                   aliases=("kode wilayah", "kode", "kode kemendagri", "region")),
            Column("indicator", _("Indicator"), required=True,
                   aliases=("indikator", "kode indikator", "indicator key")),
            Column("value", _("Value"), required=True, aliases=("nilai", "nilai mentah")),
        ]
        batch_size = 1000

        def import_row(self, job, row) -> str:
            from netra.elections.selectors import election_by_pk

            from . import services

            # The view that started the job checked the method and the election against the
            # person's scope; a command run without --actor is the system.
            method = job.target
            election = election_by_pk(int(job.options.get("election_id") or 0))
            if election is None:
                raise RowError(_("The election of this import no longer exists."))
            return services.record_indicator_value(
                actor=job.created_by, method=method, election=election,
                region_code=row.values.get("region_code", ""),
                indicator_key=row.values.get("indicator", ""),
                raw_value=row.values.get("value", ""), import_job_id=job.pk,
            )

        def target_url(self, job) -> str:
            from django.urls import reverse

            return reverse("risk:method_detail", args=[job.target_id])

    register_importer(IndicatorValueImporter)

