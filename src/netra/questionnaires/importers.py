"""Import of questionnaire responses (Google Forms / spreadsheet exports) through
``netra.imports``.

A questionnaire's questions differ per wave, so the importer's columns are those of the job
(:meth:`ResponseImporter.columns_for`): the respondent code, the timestamp and one column per
question of the wave's version (key ``q1`` …, stable across versions; label the question's
text). The file is uploaded once: the job stores it with its header row, the headers are
matched to the questions by key or text in either language, exactly or by a close name
(rapidfuzz, for Google Forms headers with a changed word or an appended description), and the job
page shows the matches for the person to confirm or correct before the job runs. The class-level
``columns`` (``q1`` … ``q200``) remain for a job whose wave no longer exists.

Re-importing adds nothing twice: the natural key is (wave, respondent code), or the hash of the
row (timestamp and answers) when the file has no code column.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from netra.imports.registry import Column, Importer, RowError, register_importer

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
    confirm_mapping = True
    fuzzy_headers = True
    fuzzy_threshold = 85

    def __init__(self) -> None:
        self._wave: Wave | None = None
        self._questions: list[Question] = []

    def _load(self, job) -> Wave:
        if self._wave is None or self._wave.pk != job.options.get("wave"):
            self._wave = Wave.objects.select_related("questionnaire", "version").get(
                pk=job.options["wave"])
            self._questions = list(self._wave.version.questions.prefetch_related("choices"))
        return self._wave

    def columns_for(self, job) -> list[Column]:
        """The code, the timestamp and the questions of the job's wave (its text as label,
        both languages as names to match)."""
        try:
            self._load(job)
        except (Wave.DoesNotExist, KeyError, TypeError, ValueError):
            return list(self.columns)
        return [
            self.columns[0],
            self.columns[1],
            *[Column(q.key, q.text, required=q.required,
                     aliases=tuple(t for t in (q.text_id, q.text_en) if t))
              for q in self._questions],
        ]

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
