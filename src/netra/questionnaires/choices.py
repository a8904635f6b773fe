"""Stable choice values of the questionnaires app (labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT5 = "likert5", _("Likert scale 1-5")
    LIKERT4 = "likert4", _("Likert scale 1-4")
    TEXT = "text", _("Free text")


# Likert kinds and their highest point; a value at or above "agree_from" counts as agreement in
# the percentage figures (4-5 of 5, 3-4 of 4).
LIKERT_MAX: dict[str, int] = {QuestionKind.LIKERT5: 5, QuestionKind.LIKERT4: 4}
LIKERT_AGREE_FROM: dict[str, int] = {QuestionKind.LIKERT5: 4, QuestionKind.LIKERT4: 3}
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class WavePhase(models.TextChoices):
    PRE = "pre", _("Before (pre-test)")
    POST = "post", _("After (post-test)")


class ResponseChannel(models.TextChoices):
    WEB = "web", _("Public form")
    IMPORT = "import", _("Import")
    DEMO = "demo", _("Demo data")
