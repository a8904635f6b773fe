"""The regulation catalogue (katalog aturan netralitas) as versioned, sourced data.

Bilingual text is stored as two explicit columns: the Indonesian text in the plain field (``name``,
``description`` …, required: Indonesian is the legal language and the default interface) and the
English translation beside it (``name_en`` …, optional). Explicit columns rather than a
``translations`` JSON: the admin edits them with ordinary widgets, the audit log diffs each one,
searches and constraints can name them, and a missing English text simply falls back to the
Indonesian one, so the Indonesian interface never shows English catalogue data
(:func:`localized`).

Dates: every rule, legal basis and recipient body has ``effective_from``/``effective_until``; a
replaced basis or body names its successor (``superseded_by``: UU 5/2014 → UU 20/2023, KASN →
BKN), so such a change is a data change and a question about an old date still gets the basis
and the body that applied then (``selectors.rules_for``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.core.models import AuditedModel

from .choices import DisciplineLevel, ElectionScope, SanctionKind, Verdict


def localized(obj, field: str) -> str:
    """``obj.<field>_en`` in the English interface when filled, else the Indonesian text."""
    if (translation.get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class Dated(AuditedModel):
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(
        _("effective until"), null=True, blank=True, help_text=_("Empty: still in force.")
    )

    class Meta:
        abstract = True

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_until is None or on <= self.effective_until
        )

    def clean(self) -> None:
        super().clean()
        if self.effective_until and self.effective_until < self.effective_from:
            raise ValidationError(
                {"effective_until": _("The end date cannot be before the start date.")}
            )


def dated_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(effective_until__isnull=True)
        | Q(effective_until__gte=models.F("effective_from")),
        name=name,
    )


class Subject(AuditedModel):
    """Who a rule binds (subjek): PNS, PPPK, kepala desa, perangkat desa, anggota BPD, TNI,
    Polri."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    synonyms = models.TextField(
        _("synonyms and abbreviations"),
        blank=True,
        help_text=_("One per line, in either language (e.g. kades, village head)."),
    )
    description = models.TextField(_("education text (Indonesian)"), blank=True)
    description_en = models.TextField(_("education text (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = pgettext_lazy("bound by a rule", "subject")
        verbose_name_plural = pgettext_lazy("bound by a rule", "subjects")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return localized(self, "name")

    @property
    def education(self) -> str:
        return localized(self, "description")

    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.splitlines() if s.strip()]


class Activity(AuditedModel):
    """A prohibited or regulated act (perbuatan): attending a campaign, liking a post …"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    keywords = models.TextField(
        _("keywords and synonyms"),
        blank=True,
        help_text=_("One per line, in either language, as people write them."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return localized(self, "name")

    def keyword_list(self) -> list[str]:
        return [s.strip() for s in self.keywords.splitlines() if s.strip()]


class LegalBasis(Dated):
    """A statute and article (dasar hukum), dated; a replaced one names its successor."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    statute = models.CharField(_("statute"), max_length=120, help_text=_("e.g. UU 7/2017"))
    article = models.CharField(
        _("article"), max_length=200, blank=True, help_text=_("e.g. Pasal 280 ayat (3)")
    )
    title = models.TextField(_("summary (Indonesian)"))
    title_en = models.TextField(_("summary (English)"), blank=True)
    url = models.URLField(_("URL"), blank=True)
    citation = models.CharField(_("citation"), max_length=300)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the statute text; unchecked entries are shown as such."),
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    class Meta:
        ordering = ["statute", "article"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [dated_constraint("knowledge_basis_dates")]

    def __str__(self) -> str:
        return f"{self.statute} {self.article}".strip()

    @property
    def summary(self) -> str:
        return localized(self, "title")


class RecipientBody(Dated):
    """Who receives Bawaslu's forwarding or imposes the sanction (penerima rekomendasi)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("recipient body")
        verbose_name_plural = _("recipient bodies")
        constraints = [dated_constraint("knowledge_body_dates")]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return localized(self, "name")


class Sanction(AuditedModel):
    """A sanction (sanksi): ethics, discipline at a level, or a criminal penalty with its text."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SanctionKind.choices)
    level = models.CharField(
        _("discipline level"), max_length=16, blank=True, choices=DisciplineLevel.choices
    )
    text = models.TextField(_("penalty (Indonesian)"))
    text_en = models.TextField(_("penalty (English)"), blank=True)
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    imposed_by = models.ForeignKey(
        RecipientBody,
        verbose_name=_("imposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def penalty(self) -> str:
        return localized(self, "text")


class Rule(Dated):
    """Subject × activity × election type → verdict (aturan), with bases, sanctions and the body
    that receives the case; dated and always citing its source."""

    code = models.CharField(_("code"), max_length=160, unique=True)
    subject = models.ForeignKey(
        Subject,
        verbose_name=pgettext_lazy("bound by a rule", "subject"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="rules"
    )
    election = models.CharField(_("election type"), max_length=16, choices=ElectionScope.choices)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    condition = models.TextField(
        _("what it depends on (Indonesian)"),
        blank=True,
        help_text=_("Required when the verdict is 'it depends'."),
    )
    condition_en = models.TextField(_("what it depends on (English)"), blank=True)
    explanation = models.TextField(_("explanation (Indonesian)"), blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    legal_bases = models.ManyToManyField(
        LegalBasis, verbose_name=_("legal bases"), related_name="rules"
    )
    sanctions = models.ManyToManyField(
        Sanction, verbose_name=_("sanctions"), blank=True, related_name="rules"
    )
    recipient = models.ForeignKey(
        RecipientBody,
        verbose_name=_("recipient body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
    )
    source = models.CharField(_("source citation"), max_length=400)

    class Meta:
        ordering = ["subject__order", "activity__order", "election", "-effective_from"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [
            dated_constraint("knowledge_rule_dates"),
            models.CheckConstraint(condition=~Q(source=""), name="knowledge_rule_source"),
            models.CheckConstraint(
                condition=~Q(verdict=Verdict.DEPENDS) | ~Q(condition=""),
                name="knowledge_rule_depends_condition",
            ),
        ]
        indexes = [
            models.Index(fields=["subject", "activity", "election"], name="knowledge_rule_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.activity} · {self.get_election_display()}"

    @property
    def condition_text(self) -> str:
        return localized(self, "condition")

    @property
    def explanation_text(self) -> str:
        return localized(self, "explanation")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not (self.source or "").strip():
            errors["source"] = _("Every rule must cite its source.")
        if self.verdict == Verdict.DEPENDS and not (self.condition or "").strip():
            errors["condition"] = _("Say what the answer depends on.")
        if errors:
            raise ValidationError(errors)
        if self.subject_id and self.activity_id and self.effective_from:
            overlapping = (
                Rule.objects.filter(
                    subject_id=self.subject_id,
                    activity_id=self.activity_id,
                    election=self.election,
                )
                .exclude(pk=self.pk)
                .filter(
                    Q(effective_until__isnull=True) | Q(effective_until__gte=self.effective_from)
                )
            )
            if self.effective_until:
                overlapping = overlapping.filter(effective_from__lte=self.effective_until)
            if overlapping.exists():
                raise ValidationError(
                    _(
                        "Another rule for this subject, activity and election type is in force in "
                        "the same period: end it first."
                    )
                )
