"""Changes to questionnaires: building, waves, responses. Each function is atomic; staff
functions take the acting user and check scope with ``can``; public submission takes none."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may_in_region

from .choices import (
    LIKERT_MAX,
    QuestionKind,
    QuestionnaireStatus,
    ResponseChannel,
    WavePhase,
)
from .models import (
    Answer,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Respondent,
    Response,
    Wave,
    code_validator,
    normalise_code,
)
from .permissions import QuestionnaireAction

if TYPE_CHECKING:
    from netra.accounts.selectors import User
    from netra.core.typing import AnyUser
    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation

CHANGE = QuestionnaireAction.CHANGE


def _check_change(actor: AnyUser, questionnaire: Questionnaire) -> None:
    if not can(actor, CHANGE, questionnaire):
        raise OutOfScope


# --- Building ---------------------------------------------------------------------------------


@transaction.atomic
def create_questionnaire(*, actor: User, office: Organisation, title: str, description: str = "",
                         election: Election | None = None) -> Questionnaire:
    """A new questionnaire of ``office`` (within the actor's jurisdiction) with version 1."""
    if not may_in_region(actor, CHANGE, office.region_code):
        raise OutOfScope
    questionnaire = Questionnaire.objects.create(
        title=title.strip(), description=description.strip(), office=office,
        region_code=office.region_code, election=election, created_by=actor,
    )
    QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    return questionnaire


@transaction.atomic
def set_questionnaire_status(*, actor: AnyUser, questionnaire: Questionnaire, status: str) -> None:
    _check_change(actor, questionnaire)
    if status not in QuestionnaireStatus.values:
        raise ValidationError(_("Unknown status."))
    if status == QuestionnaireStatus.ACTIVE and not Question.objects.filter(
        version__questionnaire=questionnaire
    ).exists():
        raise ValidationError(_("Add at least one question before opening the questionnaire."))
    questionnaire.status = status
    questionnaire.save(update_fields=["status", "updated_at"])


def _editable_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    version = questionnaire.current_version
    if version is None:  # pragma: no cover - every questionnaire starts with version 1
        version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    if version.is_frozen:
        raise ValidationError(
            _(
                "Version %(number)s already has responses, so its questions can no longer "
                "change. Create a new version to edit them."
            )
            % {"number": version.number}
        )
    return version


def _next_key(questionnaire: Questionnaire) -> str:
    keys = Question.objects.filter(version__questionnaire=questionnaire).values_list(
        "key", flat=True
    )
    numbers = [int(k[1:]) for k in keys if re.fullmatch(r"q\d+", k)]
    return f"q{max(numbers, default=0) + 1}"


@dataclass(frozen=True)
class ChoiceInput:
    text_id: str
    text_en: str = ""


@transaction.atomic
def add_question(*, actor: AnyUser, questionnaire: Questionnaire, kind: str, text_id: str,
                 text_en: str = "", required: bool = True,
                 choices: Sequence[ChoiceInput] = ()) -> Question:
    """Append a question to the current (unfrozen) version; choice questions need two or more
    options."""
    _check_change(actor, questionnaire)
    version = _editable_version(questionnaire)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Unknown question type.")})
    choices = [c for c in choices if c.text_id.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) < 2:
        raise ValidationError({"choices": _("A choice question needs at least two options.")})
    order = (version.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question.objects.create(
        version=version, key=_next_key(questionnaire), order=order, kind=kind,
        text_id=text_id.strip(), text_en=text_en.strip(), required=required,
    )
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        used: set[str] = set()
        for index, choice in enumerate(choices, start=1):
            value = slugify(choice.text_id)[:36] or f"option-{index}"
            if value in used:
                value = f"{value[:33]}-{index}"
            used.add(value)
            Choice.objects.create(question=question, order=index, value=value,
                                  text_id=choice.text_id.strip(), text_en=choice.text_en.strip())
    return question


@transaction.atomic
def move_question(*, actor: AnyUser, question: Question, direction: str) -> None:
    """Swap a question with its neighbour (``up`` or ``down``)."""
    questionnaire = question.version.questionnaire
    _check_change(actor, questionnaire)
    version = _editable_version(questionnaire)
    if question.version_id != version.pk:
        raise ValidationError(_("Only the current version can be edited."))
    questions = list(version.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order", "updated_at"])


@transaction.atomic
def delete_question(*, actor: AnyUser, question: Question) -> None:
    questionnaire = question.version.questionnaire
    _check_change(actor, questionnaire)
    version = _editable_version(questionnaire)
    if question.version_id != version.pk:
        raise ValidationError(_("Only the current version can be edited."))
    question.delete()


@transaction.atomic
def create_version(*, actor: AnyUser, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """A new version copying the current one's questions (same keys, so results still pair)."""
    _check_change(actor, questionnaire)
    current = questionnaire.current_version
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=(current.number + 1) if current else 1
    )
    if current is not None:
        for question in current.questions.prefetch_related("choices"):
            options = list(question.choices.all())
            question.pk = None
            question.version = version
            question.save()
            Choice.objects.bulk_create(
                Choice(question=question, order=c.order, value=c.value, text_id=c.text_id,
                       text_en=c.text_en) for c in options
            )
    return version


@transaction.atomic
def create_wave(*, actor: AnyUser, questionnaire: Questionnaire, phase: str, title: str = "",
                opens_at: datetime | None = None, closes_at: datetime | None = None,
                activity_id: int | None = None, activity_title: str = "") -> Wave:
    """A pre or post wave on the questionnaire's current version, with its public link."""
    _check_change(actor, questionnaire)
    if phase not in WavePhase.values:
        raise ValidationError({"phase": _("Choose before or after.")})
    wave = Wave(
        questionnaire=questionnaire, version=questionnaire.current_version, phase=phase,
        title=title.strip(), opens_at=opens_at, closes_at=closes_at, activity_id=activity_id,
        activity_title=activity_title.strip(),
    )
    wave.full_clean(exclude=["token"])
    wave.save()
    return wave


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread


@transaction.atomic
def issue_codes(*, actor: AnyUser, questionnaire: Questionnaire, count: int) -> list[str]:
    """Issue ``count`` (1-500) new random respondent codes, e.g. ``K7QM-2XD9``."""
    _check_change(actor, questionnaire)
    if not 1 <= count <= 500:
        raise ValidationError({"count": _("Issue between 1 and 500 codes at a time.")})
    existing = set(questionnaire.respondents.values_list("code", flat=True))
    codes: list[str] = []
    while len(codes) < count:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if not any(ch.isdigit() for ch in code) or code in existing:
            continue
        existing.add(code)
        codes.append(code)
    Respondent.objects.bulk_create(
        Respondent(questionnaire=questionnaire, code=code, issued=True) for code in codes
    )
    return codes


# --- Answers ----------------------------------------------------------------------------------

YES = frozenset({"1", "ya", "yes", "y", "true", "benar", "iya", "setuju"})
NO = frozenset({"0", "tidak", "no", "n", "false", "salah", "tdk", "bukan"})


@dataclass(frozen=True)
class ParsedAnswer:
    number: int | None = None
    choice_values: tuple[str, ...] = ()
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.choice_values and not self.text


def _match_choice(question: Question, raw: str) -> str | None:
    wanted = raw.strip().casefold()
    for choice in question.choices.all():
        if wanted in (choice.value.casefold(), choice.text_id.casefold(),
                      choice.text_en.casefold()):
            return choice.value
    return None


def parse_answer(question: Question, raw: str | Sequence[str]) -> ParsedAnswer:
    """Read one answer from a form (a list of values) or a spreadsheet cell (a string);
    raises ``ValidationError`` with a message in the active language."""
    values = [raw] if isinstance(raw, str) else list(raw)
    values = [v.strip() for v in values if v is not None and v.strip()]
    if not values:
        if question.required:
            raise ValidationError(_("This question needs an answer."))
        return ParsedAnswer()
    first = values[0]
    if question.kind == QuestionKind.YES_NO:
        word = first.casefold()
        if word in YES:
            return ParsedAnswer(number=1)
        if word in NO:
            return ParsedAnswer(number=0)
        raise ValidationError(_("Answer yes or no, not “%(value)s”.") % {"value": first})
    if question.kind in LIKERT_MAX:
        top = LIKERT_MAX[question.kind]
        # "4" or a Google Forms label such as "4 - Setuju"; never "4.5".
        match = re.fullmatch(r"(-?\d+)(?:\s*[-–:.)]?\s+\S.*)?", first)
        number = int(match.group(1)) if match else None
        if number is None or not 1 <= number <= top:
            raise ValidationError(
                _("“%(value)s” is outside the scale: choose a whole number from 1 to %(max)s.")
                % {"value": first, "max": top}
            )
        return ParsedAnswer(number=number)
    if question.kind == QuestionKind.TEXT:
        return ParsedAnswer(text="\n".join(values)[:4000])
    if question.kind == QuestionKind.SINGLE:
        if len(values) > 1:
            raise ValidationError(_("Choose only one option."))
        value = _match_choice(question, first)
        if value is None:
            raise ValidationError(_("“%(value)s” is not one of the options.") % {"value": first})
        return ParsedAnswer(choice_values=(value,))
    # Multiple choice: a form sends a list; a Google Forms cell joins options with ", " or ";".
    if len(values) == 1 and _match_choice(question, first) is None:
        values = [v.strip() for v in re.split(r";|, ", first) if v.strip()]
    chosen: list[str] = []
    for item in values:
        value = _match_choice(question, item)
        if value is None:
            raise ValidationError(_("“%(value)s” is not one of the options.") % {"value": item})
        if value not in chosen:
            chosen.append(value)
    return ParsedAnswer(choice_values=tuple(chosen))


def parse_answers(questions: Iterable[Question],
                  raw: Mapping[int, str | Sequence[str]]) -> dict[int, ParsedAnswer]:
    """Every question's answer; all problems are raised together, keyed by question id."""
    parsed: dict[int, ParsedAnswer] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        try:
            parsed[question.pk] = parse_answer(question, raw.get(question.pk, ""))
        except ValidationError as exc:
            errors[f"q_{question.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return parsed


def _duplicate_message() -> str:
    return _(
        "This respondent code has already answered this questionnaire in this wave. Each code "
        "answers once per wave; your earlier answers are kept."
    )


def wave_is_open(wave: Wave, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        wave.questionnaire.status == QuestionnaireStatus.ACTIVE
        and (wave.opens_at is None or wave.opens_at <= now)
        and (wave.closes_at is None or now < wave.closes_at)
    )


def _store(*, wave: Wave, respondent: Respondent | None, parsed: dict[int, ParsedAnswer],
           channel: str, row_hash: str = "", submission_key: str = "",
           import_job_id: int | None = None) -> Response:
    response = Response.objects.create(
        wave=wave, respondent=respondent, channel=channel, row_hash=row_hash,
        submission_key=submission_key, import_job_id=import_job_id,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=question_id, number=answer.number,
               choice_values=list(answer.choice_values), text=answer.text)
        for question_id, answer in parsed.items()
        if not answer.is_empty
    )
    return response


def _respondent(questionnaire: Questionnaire, code: str) -> Respondent:
    respondent, _created = Respondent.objects.get_or_create(questionnaire=questionnaire,
                                                            code=code)
    return respondent


def clean_code(code: str) -> str:
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": _("Enter your respondent code.")})
    try:
        code_validator(code)
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from None
    return code


def submit_response(*, wave: Wave, code: str, raw_answers: Mapping[int, str | Sequence[str]],
                    submission_key: str = "") -> Response:
    """A respondent's answers through the public form (no login).

    Refused with a message: a closed wave, a malformed code, any answer outside its scale or
    options, a second response from the same code in the same wave. A repeated submission with
    the same ``submission_key`` (a double click) returns the first response unchanged."""
    if submission_key:
        earlier = Response.objects.filter(submission_key=submission_key, wave=wave).first()
        if earlier is not None:
            return earlier
    if not wave_is_open(wave):
        raise ValidationError(_("This questionnaire is not open for answers."))
    code = clean_code(code)
    questions = list(wave.version.questions.prefetch_related("choices"))
    parsed = parse_answers(questions, raw_answers)
    try:
        with transaction.atomic():
            respondent = _respondent(wave.questionnaire, code)
            if Response.objects.filter(wave=wave, respondent=respondent).exists():
                raise ValidationError({"code": _duplicate_message()})
            return _store(wave=wave, respondent=respondent, parsed=parsed,
                          channel=ResponseChannel.WEB, submission_key=submission_key[:64])
    except IntegrityError:
        # A concurrent request won the race: the same key (double click) or the same code.
        earlier = (Response.objects.filter(submission_key=submission_key, wave=wave).first()
                   if submission_key else None)
        if earlier is not None:
            return earlier
        raise ValidationError({"code": _duplicate_message()}) from None


def record_imported_response(*, wave: Wave, code: str, parsed: dict[int, ParsedAnswer],
                             row_hash: str, import_job_id: int | None = None) -> str:
    """One imported row: ``created``, or ``duplicate`` when the wave already has this code (or,
    without a code, this row's content). Runs inside the importer's savepoint."""
    respondent = _respondent(wave.questionnaire, code) if code else None
    existing = Response.objects.filter(wave=wave)
    if respondent is not None:
        if existing.filter(respondent=respondent).exists():
            return "duplicate"
        row_hash = ""
    elif existing.filter(row_hash=row_hash).exists():
        return "duplicate"
    _store(wave=wave, respondent=respondent, parsed=parsed, channel=ResponseChannel.IMPORT,
           row_hash=row_hash, import_job_id=import_job_id)
    return "created"
