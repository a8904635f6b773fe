"""Document templates (templat dokumen) managed by administrators."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel


class DocumentTemplate(AuditedModel):
    """A template for a generated document (templat dokumen), for one registered kind
    (``cases.recommendation_letter``) and language, in force from ``valid_from`` to
    ``valid_to``.

    It is EITHER an HTML body in Django template syntax (PDF, and DOCX through a simple
    conversion) OR an uploaded Word file with docxtpl placeholders (DOCX only). Templates see only
    the plain data the owning app builds for the kind, never model instances.
    """

    key = models.CharField(_("document kind"), max_length=100)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("HTML body"),
        blank=True,
        help_text=_(
            "Django template text (HTML), used for PDF and, when no Word template is in "
            "force, for DOCX. Headings, paragraphs, lists and simple tables carry over "
            "to the DOCX version."
        ),
    )
    docx_file = models.FileField(
        _("Word template"),
        upload_to="documents/templates/%Y/",
        blank=True,
        help_text=_(
            "A .docx file with placeholders such as {{ case.number }}; it produces the "
            "DOCX version. Give either an HTML body or a Word template."
        ),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["key", "language", "-valid_from"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        indexes = [
            models.Index(fields=["key", "language", "is_active"], name="documents_template_pick")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(body="") & ~Q(docx_file="")) | (~Q(body="") & Q(docx_file="")),
                name="documents_template_one_source",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="documents_template_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language}, {self.valid_from})"

    @property
    def is_docx(self) -> bool:
        return bool(self.docx_file)

    @property
    def formats(self) -> tuple[str, ...]:
        return ("docx",) if self.is_docx else ("pdf", "docx")

    def clean(self) -> None:
        """Refuse an unknown kind, a template with both or neither source, a validity range
        that ends before it starts, and a template that does not compile or names data the
        kind does not have (with the engine's own message)."""
        from .engine import check_docx_template, check_html_template
        from .registry import get_kind

        super().clean()
        kind = get_kind(self.key)
        if kind is None:
            raise ValidationError(
                {"key": [ValidationError(_("Unknown document kind."), code="unknown_kind")]}
            )
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError(
                {
                    "valid_to": [
                        ValidationError(
                            _("The end of validity is before its start."), code="valid_range"
                        )
                    ]
                }
            )
        has_body = bool(self.body.strip())
        if not has_body:
            self.body = ""
        if has_body == bool(self.docx_file):
            raise ValidationError(
                _("Give either an HTML body or a Word template, not both and not neither."),
                code="one_source",
            )
        if has_body:
            check_html_template(self.body, kind.sample_context())
            return
        if "pdf" in kind.formats and "docx" not in kind.formats:
            raise ValidationError(
                {
                    "docx_file": [
                        ValidationError(
                            _(
                                "This kind of document is produced as PDF only; write it as "
                                "an HTML body."
                            ),
                            code="pdf_only",
                        )
                    ]
                }
            )
        # An upload not yet saved must stay open for saving; a stored file is closed after.
        stored = self.docx_file._committed
        self.docx_file.open("rb")
        try:
            self.docx_file.seek(0)
            data = self.docx_file.read()
        finally:
            if stored:
                self.docx_file.close()
            else:
                self.docx_file.seek(0)
        check_docx_template(data, kind.sample_context())
