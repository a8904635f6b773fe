"""Shared tabular imports: reading CSV/XLSX (``tabular``) and resumable import jobs with
progress and a per-row error report (``ImportJob``), used by every module that takes
spreadsheets."""
