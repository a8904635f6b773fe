"""Import of questionnaire responses (Google Forms / spreadsheet exports) through
``netra.imports``.

The shared importer declares fixed columns, while a questionnaire's questions differ per wave:
the columns are the respondent code, the timestamp and one slot per question key (``q1`` …
``q200``, keys are stable across versions). :func:`suggest_mapping` matches a file's headers to
the wave's questions by their text (Indonesian or English) or key, the questionnaire's import
page lets the person correct it with the question texts in view, and the job is started with
``options={"wave": pk, "mapping": {header: key}}``.

Re-importing adds nothing twice: the natural key is (wave, respondent code), or the hash of the
row (timestamp and answers) when the file has no code column.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from netra.imports.registry import Column, Importer, RowError, normalise_header, register_importer

from . import services
from .models import Question, Wave
from .permissions import QuestionnaireAction

MAX_QUESTION_SLOTS = 200
CODE_ALIASES = ("kode", "kode responden", "respondent code", "code", "kode unik",
                "kode peserta", "participant code")
TIMESTAMP_ALIASES = ("timestamp", "stempel waktu", "cap waktu", "waktu", "submitted at")


class ResponseImporter(Importer):
    key = "questionnaires.responses"
    label = _("Questionnaire responses")
    action = QuestionnaireAction.CHANGE
    columns = [
        Column("code", _("Respondent code"), aliases=CODE_ALIASES),
        Column("timestamp", _("Timestamp"), aliases=TIMESTAMP_ALIASES),
        *[Column(f"q{n}", _("Question %(number)s") % {"number": n})
          for n in range(1, MAX_QUESTION_SLOTS + 1)],
    ]
    batch_size = 200

    def __init__(self) -> None:
        self._wave: Wave | None = None
        self._questions: list[Question] = []

    def _load(self, job) -> Wave:
        if self._wave is None or self._wave.pk != job.options.get("wave"):
            self._wave = Wave.objects.select_related("questionnaire", "version").get(
                pk=job.options["wave"])
            self._questions = list(self._wave.version.questions.prefetch_related("choices"))
        return self._wave

    def import_row(self, job, row) -> str:
        wave = self._load(job)
        code = ""
        if row.values.get("code"):
            try:
                code = services.clean_code(row.values["code"])
            except ValidationError as exc:
                raise RowError(" ".join(exc.messages), column="code") from None
        raw = {q.pk: row.values.get(q.key, "") for q in self._questions}
        try:
            parsed = services.parse_answers(self._questions, raw)
        except ValidationError as exc:
            by_pk = {f"q_{q.pk}": q for q in self._questions}
            field, messages = next(iter(exc.message_dict.items()))
            question = by_pk[field]
            raise RowError(f"{question.text}: {' '.join(messages)}", column=question.key) \
                from None
        row_hash = hashlib.sha256(json.dumps(
            [row.values.get("timestamp", ""), *[row.values.get(q.key, "")
                                                for q in self._questions]],
            ensure_ascii=False).encode()).hexdigest()
        return services.record_imported_response(
            wave=wave, code=code, parsed=parsed, row_hash=row_hash, import_job_id=job.pk)

    def target_url(self, job) -> str:
        try:
            return self._load(job).questionnaire.get_absolute_url()
        except (Wave.DoesNotExist, KeyError):
            return ""


def register() -> None:
    register_importer(ResponseImporter)


def suggest_mapping(headers: list[str], questions: list[Question]) -> dict[str, str]:
    """header → column key: the code and timestamp columns by their usual names, questions by
    their key or their text in either language (case, accents and spacing ignored)."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    names = {normalise_header(a): "code" for a in (*CODE_ALIASES, "code")}
    names.update({normalise_header(a): "timestamp" for a in TIMESTAMP_ALIASES})
    for question in questions:
        for text in (question.key, question.text_id, question.text_en):
            if text:
                names.setdefault(normalise_header(text), question.key)
    for header in headers:
        key = names.get(normalise_header(header))
        if key is None:
            # Google Forms sometimes appends the question's description: match the start.
            normal = normalise_header(header)
            key = next((k for n, k in names.items() if len(n) > 12 and normal.startswith(n)),
                       None)
        if key and key not in used:
            mapping[header] = key
            used.add(key)
    return mapping
