"""Stable slugs used by rule rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    """Violation categories of the comprehensive reports (Serang)."""

    NON_STAGE_ASN = "non_stage_asn", _("Non-stage supervision (ASN neutrality)")
    CRIME = "crime", _("Election crime")
    OTHER_LAWS = "other_laws", _("Other laws")
    ADMINISTRATIVE = "administrative", _("Administrative")
    ETHICS = "ethics", _("Organiser ethics")


class EmploymentType(models.TextChoices):
    PNS = "pns", _("Civil servant (PNS)")
    PPPK = "pppk", _("Government contract employee (PPPK)")
    VILLAGE_HEAD = "village_head", _("Village head")
    VILLAGE_OFFICIAL = "village_official", _("Village official")
    BPD = "bpd", _("Village consultative body member (BPD)")
    TNI = "tni", _("Armed forces (TNI)")
    POLRI = "polri", _("Police (Polri)")
    ORGANISER = "organiser", _("Election organiser staff")
    OTHER = "other", pgettext_lazy("employment type", "Other")


class SanctionKind(models.TextChoices):
    """Sanctions a recipient body may impose, one vocabulary for every status; which of them fit
    a person is data (``SanctionRule``). Values are at most 16 characters (``cases.Sanction``)."""

    LIGHT = "light", _("Light discipline")
    MODERATE = "moderate", _("Moderate discipline")
    HEAVY = "heavy", _("Heavy discipline")
    ETHICS = "ethics", _("Ethics sanction (moral statement)")
    DISMISSAL = "dismissal", _("Dismissal")
    CRIMINAL = "criminal", _("Criminal verdict")
    ORAL_WARNING = "oral_warning", _("Oral warning")
    WRITTEN_WARNING = "written_warning", _("Written warning")
    TEMP_DISMISSAL = "temp_dismissal", _("Temporary dismissal")
    TNI_DISCIPLINE = "tni_discipline", _("Military discipline sanction (TNI)")
    POLRI_DISCIPLINE = "polri_discipline", _("Police discipline sanction (Polri)")
    POLRI_ETHICS = "polri_ethics", _("Police code-of-ethics sanction (Polri)")
    ADMIN_CORRECTION = "admin_correction", _("Correction of procedure by KPU")
    OTHER = "other", pgettext_lazy("sanction", "Other")


class NumberingPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration number")
    RECOMMENDATION_LETTER = "recommendation", _("Recommendation letter number")


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class DeadlineKey(models.TextChoices):
    REPORT_WINDOW = "report_window", _("Reporting window")
    COMPLETION_WINDOW = "completion_window", _("Completion window")
    DECISION_WINDOW = "decision_window", _("Decision window")
    FOLLOW_UP_WINDOW = "follow_up_window", _("Follow-up window")


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    JOINT_LEAVE = "joint_leave", _("Joint leave day (cuti bersama)")
    EXTRA = "extra", _("Additional day off")
    WORKING = "working", _("Declared working day")
