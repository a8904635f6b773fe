"""Rules as data: anything a regulation can change, each row dated and sourced.

Code asks ``rules.selectors`` for the row in force on a date; decisions store the row they used.
Rows ship as data migrations and are edited by administrators; changing one needs no deploy.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel
from netra.core.refcache import InvalidatingManager
from netra.elections.choices import ElectionKind
from netra.orgs.choices import OrgKind

from .choices import (
    Category,
    DayUnit,
    DeadlineKey,
    EmploymentType,
    HolidayKind,
    NumberingPurpose,
    SanctionKind,
)


class RuleModel(AuditedModel):
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_source = models.CharField(_("legal source"), max_length=255, blank=True)

    class Meta:
        abstract = True


class ViolationType(RuleModel):
    """A form of violation (bentuk pelanggaran): what is forbidden, under which article, with which
    sanction, for which subjects and election kinds."""

    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    election_kinds = models.JSONField(_("election kinds"), default=list)
    subjects = models.JSONField(_("subjects"), default=list, help_text=_("Employment types."))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    sanction = models.TextField(_("sanction"), blank=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="rules_violation_version")
        ]

    def __str__(self) -> str:
        return self.name


class DeadlineRule(RuleModel):
    """A statutory clock: e.g. Pemilu decision window 7 days + 7 when more information is needed."""

    key = models.CharField(_("deadline"), max_length=32, choices=DeadlineKey.choices)
    election_kind = models.CharField(
        _("election kind"), max_length=16, choices=ElectionKind.choices
    )
    case_kind = models.CharField(
        _("case kind"), max_length=16, blank=True, help_text=_("Empty: every kind.")
    )
    days = models.PositiveSmallIntegerField(_("days"))
    unit = models.CharField(_("unit"), max_length=16, choices=DayUnit.choices)
    extension_days = models.PositiveSmallIntegerField(_("extension days"), default=0)
    extension_unit = models.CharField(
        _("extension unit"), max_length=16, choices=DayUnit.choices, default=DayUnit.CALENDAR
    )

    # Read through a cached selector (rules.selectors.deadline_rule): bulk writes invalidate it
    # too (netra.core.refcache).
    objects: ClassVar[InvalidatingManager["DeadlineRule"]] = InvalidatingManager()

    class Meta:
        ordering = ["election_kind", "key", "-valid_from"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return f"{self.get_key_display()} · {self.get_election_kind_display()}"


class PrePeriodWindow(RuleModel):
    """How many calendar days before an election's first stage (tahapan) an incident may lie
    (masa sebelum tahapan). Violations can precede the official stages: UU 10/2016 art. 71
    counts six months before candidate designation, and ASN neutrality is supervised outside the
    stages too. An incident earlier than this window is refused when a case is recorded."""

    election_kind = models.CharField(
        _("election kind"), max_length=16, choices=ElectionKind.choices
    )
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        ordering = ["election_kind", "-valid_from"]
        verbose_name = _("window before the election period")
        verbose_name_plural = _("windows before the election period")

    def __str__(self) -> str:
        return f"{self.get_election_kind_display()}: {self.days}"


class RoutingRule(RuleModel):
    """Where a recommendation goes: by category and, optionally, the reported person's
    employment type (e.g. other laws + PNS → BKN; KASN before 24 Aug 2024).

    Every row in force for a category and status names a body kind with authority over that
    person; the ``proposed`` rows are the ones routing proposes, the others are the bodies the
    handler may choose instead (e.g. the PPK beside BKN). A body of any other kind is refused."""

    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    employment_type = models.CharField(
        _("employment type"), max_length=32, blank=True, help_text=_("Empty: any.")
    )
    recipient_kind = models.CharField(_("recipient"), max_length=32, choices=OrgKind.choices)
    proposed = models.BooleanField(
        _("proposed by routing"), default=True,
        help_text=_("Unticked: a body with authority that the handler may choose instead."),
    )

    class Meta:
        ordering = ["category", "employment_type", "-valid_from"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.get_recipient_kind_display()}"


class SanctionRule(RuleModel):
    """A sanction that fits a person's status (and, optionally, a category: election crimes end
    in a criminal verdict whoever commits them), with its legal basis. A recommendation may only
    suggest, and a recipient only record, a sanction that has a row in force."""

    employment_type = models.CharField(
        _("employment type"), max_length=32, choices=EmploymentType.choices, blank=True,
        help_text=_("Empty: any."),
    )
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, blank=True,
        help_text=_("Empty: any. Rows of the case's category replace the general ones."),
    )
    sanction_type = models.CharField(_("sanction type"), max_length=16,
                                     choices=SanctionKind.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        ordering = ["category", "employment_type", "sanction_type", "-valid_from"]
        verbose_name = _("sanction rule")
        verbose_name_plural = _("sanction rules")

    def __str__(self) -> str:
        status = self.get_employment_type_display() if self.employment_type else "*"
        return f"{status} → {self.get_sanction_type_display()}"


class NumberingFormat(RuleModel):
    """Number template of a registration or of a letter, e.g.
    ``{seq:03d}/Reg/{kind}/{election}/{level}/{office}/{month_roman}/{year}``."""

    purpose = models.CharField(_("purpose"), max_length=16, choices=NumberingPurpose.choices,
                               default=NumberingPurpose.REGISTRATION)
    office_kind = models.CharField(_("office kind"), max_length=32, choices=OrgKind.choices)
    election_kind = models.CharField(
        _("election kind"), max_length=16, choices=ElectionKind.choices
    )
    template = models.CharField(_("template"), max_length=200)

    class Meta:
        ordering = ["office_kind", "election_kind", "-valid_from"]
        verbose_name = _("numbering format")
        verbose_name_plural = _("numbering formats")

    def __str__(self) -> str:
        return self.template


class Holiday(AuditedModel):
    """Adjustments to the public-holiday calendar from the ``holidays`` package: joint leave days
    (cuti bersama) and extra days off, or a day declared a working day."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind.choices)
    legal_source = models.CharField(_("legal source"), max_length=255, blank=True)

    # Read through a cached table (rules.calendar): bulk writes invalidate it too
    # (netra.core.refcache).
    objects: ClassVar[InvalidatingManager["Holiday"]] = InvalidatingManager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
