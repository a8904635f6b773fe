"""Questionnaires (kuesioner) measured before and after a socialization activity.

A questionnaire belongs to an office (its jurisdiction scopes it) and has numbered versions; a
version is frozen once a wave using it has a response. Waves (gelombang: pre/post) collect
responses, through the public form or an import. Respondents are linked between waves by a code
(kode responden) they choose or receive, never by name.
"""

import secrets
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel, ScopedModel
from netra.core.scoping import ChildScopedManager, ChildScopedQuerySet, ScopedQuerySet

from .choices import (
    CHOICE_KINDS,
    LIKERT_MAX,
    QuestionKind,
    QuestionnaireStatus,
    ResponseChannel,
    WavePhase,
)

CODE_PATTERN = r"^(?=.*[0-9])[A-Z0-9][A-Z0-9-]{2,22}[A-Z0-9]$"
code_validator = RegexValidator(
    CODE_PATTERN,
    _(
        "A respondent code has 4 to 24 letters, digits or dashes and at least one digit "
        "(for example MAWAR-1987). Never use your name."
    ),
)


def normalise_code(value: str) -> str:
    """Codes compare without case and surrounding spaces; inner spaces become dashes."""
    return "-".join((value or "").strip().upper().split())


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Questionnaire(ScopedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A questionnaire (kuesioner) of an office, e.g. the pre/post test of a bimtek.

    ``region_code`` is the office's jurisdiction, copied when it is created."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    office = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("office"), on_delete=models.PROTECT,
        related_name="+",
    )
    election = models.ForeignKey(
        "elections.Election", verbose_name=_("election"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: a subclass manager is not a ClassVar

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:questionnaire_detail", args=[self.pk])

    @property
    def current_version(self) -> "QuestionnaireVersion | None":
        return self.versions.order_by("-number").first()


class QuestionnaireVersion(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A numbered version of a questionnaire's questions (versi). Frozen once a wave that uses
    it has a response: a change then needs a new version."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))

    objects: ClassVar[ChildScopedManager["QuestionnaireVersion"]] = ChildScopedQuerySet.scoped_by(
        "questionnaire"
    )

    class Meta:
        ordering = ["questionnaire", "number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaires_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return Response.objects.filter(wave__version=self).exists()


class Question(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """One question (pertanyaan) of a version, in Indonesian and English."""

    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.CASCADE,
        related_name="questions",
    )
    key = models.SlugField(
        _("key"), max_length=20,
        help_text=_("Stable across versions: pairs a question before and after a change."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    text_id = models.CharField(_("question (Indonesian)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("answer required"), default=True)

    objects: ClassVar[ChildScopedManager["Question"]] = ChildScopedQuerySet.scoped_by("version")

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="questionnaires_question_key")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The question in the reader's language (Indonesian when no English is given)."""
        if translation.get_language() == "en" and self.text_en:
            return self.text_en
        return self.text_id

    @property
    def scale_max(self) -> int | None:
        return LIKERT_MAX.get(self.kind)

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class Choice(AuditedModel):
    """An answer option (pilihan) of a single- or multiple-choice question."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.SlugField(_("value"), max_length=40)
    text_id = models.CharField(_("option (Indonesian)"), max_length=200)
    text_en = models.CharField(_("option (English)"), max_length=200, blank=True)

    objects: ClassVar[ChildScopedManager["Choice"]] = ChildScopedQuerySet.scoped_by("question")

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        constraints = [
            models.UniqueConstraint(fields=["question", "value"],
                                    name="questionnaires_choice_value")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        if translation.get_language() == "en" and self.text_en:
            return self.text_en
        return self.text_id


class Wave(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A wave (gelombang) of responses: before or after an activity, on one version.

    ``activity_id``/``activity_title`` are a soft reference to the prevention activity until
    that app offers selectors to link it properly."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE,
        related_name="waves",
    )
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.PROTECT,
        related_name="waves",
    )
    phase = models.CharField(_("phase"), max_length=8, choices=WavePhase.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    token = models.CharField(_("public link token"), max_length=40, unique=True,
                             default=new_token, editable=False)
    activity_id = models.PositiveBigIntegerField(_("prevention activity"), null=True, blank=True)
    activity_title = models.CharField(_("activity"), max_length=200, blank=True)

    objects: ClassVar[ChildScopedManager["Wave"]] = ChildScopedQuerySet.scoped_by("questionnaire")

    class Meta:
        ordering = ["questionnaire", "created_at", "pk"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return self.title or f"{self.questionnaire} · {self.get_phase_display()}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A wave must close after it opens.")})

    def get_public_url(self) -> str:
        return reverse("questionnaires:respond", args=[self.token])


class Respondent(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A respondent (responden) of a questionnaire, known only by a code, never by name."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE,
        related_name="respondents",
    )
    code = models.CharField(_("respondent code"), max_length=24, validators=[code_validator])
    issued = models.BooleanField(_("issued by the office"), default=False)

    objects: ClassVar[ChildScopedManager["Respondent"]] = ChildScopedQuerySet.scoped_by(
        "questionnaire"
    )

    class Meta:
        ordering = ["questionnaire", "code"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="questionnaires_respondent_code"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Response(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """One filled questionnaire (jawaban responden) in one wave.

    One per respondent and wave; an imported row without a code is identified by the hash of
    its content so re-importing the file adds nothing twice. ``submission_key`` is the public
    form's idempotency key (a double click stores one response)."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="responses",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=ResponseChannel.choices)
    row_hash = models.CharField(_("row fingerprint"), max_length=64, blank=True)
    submission_key = models.CharField(_("submission key"), max_length=64, blank=True)
    import_job_id = models.PositiveBigIntegerField(_("import job"), null=True, blank=True)

    objects: ClassVar[ChildScopedManager["Response"]] = ChildScopedQuerySet.scoped_by("wave")

    class Meta:
        ordering = ["wave", "created_at", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "respondent"], condition=Q(respondent__isnull=False),
                name="questionnaires_response_per_respondent",
            ),
            models.UniqueConstraint(
                fields=["wave", "row_hash"], condition=~Q(row_hash=""),
                name="questionnaires_response_row_hash",
            ),
            models.UniqueConstraint(
                fields=["submission_key"], condition=~Q(submission_key=""),
                name="questionnaires_response_submission_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} · {self.respondent or self.pk}"


class Answer(AuditedModel):
    """The answer (jawaban) to one question: ``number`` for yes/no (1 = yes, 0 = no) and Likert
    points, ``choice_values`` for choice questions, ``text`` for free text."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    number = models.SmallIntegerField(_("value"), null=True, blank=True)
    choice_values = models.JSONField(_("options chosen"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    objects: ClassVar[ChildScopedManager["Answer"]] = ChildScopedQuerySet.scoped_by("response")

    class Meta:
        ordering = ["response", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="questionnaires_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.number if self.number is not None else self.text}"
