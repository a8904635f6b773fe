"""Shared document generation (pembuatan dokumen): administrator-managed templates, a registry of
document kinds that each app declares, and rendering to PDF (WeasyPrint) and DOCX (docxtpl, or a
small HTML builder). Imports only ``netra.core``, Django and libraries; see
``docs/adr/0006-document-generation.md``."""
