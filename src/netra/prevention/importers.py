"""Tabular imports of prevention, through ``netra.imports``: an activity's attendance list, a
recipient list of appeal letters and an office's budget table (like the Serang table)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.imports.registry import Column, Importer, RowError, register_importer

from . import services
from .permissions import PreventionAction


class AttendanceImporter(Importer):
    """Attendance list (daftar hadir) of an activity: one person per row; the same name and
    agency twice is one attendee, so importing the file again adds nobody twice."""

    key = "prevention.attendance"
    label = gettext_lazy("Attendance list")
    action = PreventionAction.CHANGE
    columns = [
        Column("name", gettext_lazy("Name"), required=True,
               aliases=("nama", "nama lengkap", "nama peserta", "full name")),
        Column("position", gettext_lazy("Position"), aliases=("jabatan",)),
        Column("agency", gettext_lazy("Agency"),
               aliases=("instansi", "unit kerja", "lembaga", "asal instansi", "organisation")),
        Column("phone", gettext_lazy("Phone"), aliases=("telepon", "no hp", "hp", "no telp")),
    ]

    def import_row(self, job, row) -> str:
        values = row.values
        _attendee, created = services.add_attendee(
            activity=job.target, name=values.get("name", ""),
            position=values.get("position", ""), agency=values.get("agency", ""),
            phone=values.get("phone", ""))
        return "created" if created else "duplicate"

    def finish(self, job) -> None:
        services.sync_participants(job.target)


class RecipientImporter(Importer):
    """Recipients of appeal letters: type, name, addressee, address, district."""

    key = "prevention.recipients"
    label = gettext_lazy("Recipients of appeal letters")
    action = PreventionAction.CHANGE
    columns = [
        Column("name", gettext_lazy("Name"), required=True,
               aliases=("nama", "nama instansi", "nama sekolah", "penerima")),
        Column("recipient_type", gettext_lazy("Type"), required=True,
               aliases=("jenis", "tipe", "kategori", "jenis penerima")),
        Column("addressee", gettext_lazy("Addressed to"),
               aliases=("kepada", "ditujukan kepada", "pimpinan")),
        Column("address", gettext_lazy("Address"), aliases=("alamat",)),
        Column("district", gettext_lazy("District"), aliases=("kecamatan",)),
    ]

    def import_row(self, job, row) -> str:
        values = row.values
        _recipient, created = services.add_recipient(
            recipient_list=job.target, recipient_type=values.get("recipient_type", ""),
            name=values.get("name", ""), addressee=values.get("addressee", ""),
            address=values.get("address", ""), district=values.get("district", ""))
        return "created" if created else "duplicate"


class BudgetImporter(Importer):
    """Budget table of an office (the target): programme, sub-line, allocation and realization
    in rupiah; the fiscal year comes from a column or from ``options["fiscal_year"]``. A line
    already there (same year, programme and sub-line) is updated."""

    key = "prevention.budget"
    label = gettext_lazy("Prevention budget")
    action = PreventionAction.CHANGE
    columns = [
        Column("programme", gettext_lazy("Programme"), required=True,
               aliases=("program", "kegiatan", "program kegiatan")),
        Column("sub_line", gettext_lazy("Sub-line"),
               aliases=("sub kegiatan", "subkegiatan", "rincian", "uraian", "sub line")),
        Column("allocation", gettext_lazy("Allocation (Rp)"), required=True,
               aliases=("pagu", "alokasi", "anggaran", "pagu anggaran", "allocation")),
        Column("realization", gettext_lazy("Realization (Rp)"),
               aliases=("realisasi", "realisasi anggaran", "realization")),
        Column("fiscal_year", gettext_lazy("Fiscal year"), aliases=("tahun", "tahun anggaran")),
    ]

    def import_row(self, job, row) -> str:
        values = row.values
        year_text = (values.get("fiscal_year") or str(job.options.get("fiscal_year", ""))).strip()
        try:
            year = int(float(year_text))
        except ValueError as exc:
            raise RowError(_("Enter a fiscal year such as 2024."), column="fiscal_year") from exc
        programme = values.get("programme", "").strip()
        if programme.casefold() in {"jumlah", "total", "jumlah total", "grand total"}:
            return "duplicate"  # the table's own total line
        _line, created = services.save_budget_line(
            actor=job.created_by, office=job.target, fiscal_year=year,
            programme=programme, sub_line=values.get("sub_line", ""),
            allocation=values.get("allocation", ""),
            realization=values.get("realization", "") or "0")
        return "created" if created else "updated"


def register() -> None:
    for importer in (AttendanceImporter, RecipientImporter, BudgetImporter):
        register_importer(importer)
