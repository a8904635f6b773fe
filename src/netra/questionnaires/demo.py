"""Demo questionnaire (``netra load_demo_data``, order 80): a CONSTRUCTED data set whose before
and after percentages equal those published by the Bone Bolango study (domain notes, section 5):
kinship influence 80 % → 24 %, career motive 92 % → 30 %, superiors and the regional head
95 % → 19 %, confusion about the prohibitions 90 % → 2.8 %. 500 respondents (the smallest number
giving every published percentage exactly) answer both waves. These are not the original
responses, and the questionnaire's description says so."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from netra.core.demo import DemoLogin

from .choices import QuestionKind, QuestionnaireStatus, ResponseChannel, WavePhase
from .models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Respondent,
    Response,
    Wave,
)

OFFICE_REGION = "36.73"  # Bawaslu Kota Serang, the demo office
TITLE = "Kuesioner pra dan pasca sosialisasi netralitas ASN (data contoh)"
DESCRIPTION = (
    "DATA CONTOH YANG DISUSUN, BUKAN JAWABAN ASLI: 500 responden buatan yang jawabannya disusun "
    "agar persentase sebelum dan sesudah sosialisasi sama dengan angka yang dipublikasikan dalam "
    "kajian Bawaslu Kabupaten Bone Bolango.\n"
    "CONSTRUCTED DEMO DATA, NOT THE ORIGINAL RESPONSES: 500 invented respondents whose answers "
    "were arranged so that the before/after percentages equal those published by the Bone "
    "Bolango study."
)
ACTIVITY = "Sosialisasi dan bimtek netralitas ASN (contoh)"
RESPONDENTS = 500


@dataclass(frozen=True)
class DemoItem:
    text_id: str
    text_en: str
    before_yes: int  # of RESPONDENTS
    after_yes: int
    turned_yes: int  # no before, yes after (the rest of the change goes yes → no)


ITEMS = (
    DemoItem("Hubungan kekerabatan memengaruhi sikap politik saya sebagai ASN.",
             "Kinship ties influence my political stance as a civil servant.", 400, 120, 10),
    DemoItem("Motif karier mendorong ASN untuk berpihak kepada calon tertentu.",
             "Career motives push civil servants to side with a candidate.", 460, 150, 8),
    DemoItem("Atasan atau kepala daerah memengaruhi pilihan politik ASN.",
             "Superiors or the regional head influence civil servants' political choices.",
             475, 95, 5),
    DemoItem("Saya bingung tentang apa saja yang dilarang bagi ASN selama pemilihan.",
             "I am confused about what civil servants are forbidden to do during elections.",
             450, 14, 2),
)


def _answers(item: DemoItem, rng: random.Random) -> list[tuple[int, int]]:
    """(before, after) per respondent with exactly the item's marginal counts."""
    stayed_yes = item.after_yes - item.turned_yes
    turned_no = item.before_yes - stayed_yes
    stayed_no = RESPONDENTS - item.before_yes - item.turned_yes
    pairs = ([(1, 1)] * stayed_yes + [(1, 0)] * turned_no + [(0, 1)] * item.turned_yes
             + [(0, 0)] * stayed_no)
    rng.shuffle(pairs)
    return pairs


@transaction.atomic
def load_demo_questionnaire() -> Questionnaire | None:
    """Create the constructed questionnaire once (idempotent); None without the demo office."""
    organisation = apps.get_model("orgs", "Organisation")
    office = organisation.objects.filter(region_code=OFFICE_REGION,
                                         kind="bawaslu_regency").first()
    if office is None:
        return None
    existing = Questionnaire.objects.filter(title=TITLE, office=office).first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(
        title=TITLE, description=DESCRIPTION, office=office, region_code=office.region_code,
        status=QuestionnaireStatus.ACTIVE,
    )
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    questions = [
        Question.objects.create(version=version, key=f"q{i}", order=i, kind=QuestionKind.YES_NO,
                                text_id=item.text_id, text_en=item.text_en)
        for i, item in enumerate(ITEMS, start=1)
    ]
    now = timezone.now()
    pre = Wave.objects.create(questionnaire=questionnaire, version=version, phase=WavePhase.PRE,
                              title="Pra-sosialisasi (contoh)", activity_title=ACTIVITY,
                              closes_at=now)
    post = Wave.objects.create(questionnaire=questionnaire, version=version,
                               phase=WavePhase.POST, title="Pasca-sosialisasi (contoh)",
                               activity_title=ACTIVITY, closes_at=now)
    respondents = Respondent.objects.bulk_create(
        Respondent(questionnaire=questionnaire, code=f"CONTOH-{n:04d}", issued=True)
        for n in range(1, RESPONDENTS + 1)
    )
    responses = {}
    for wave in (pre, post):
        responses[wave.pk] = Response.objects.bulk_create(
            Response(wave=wave, respondent=r, channel=ResponseChannel.DEMO) for r in respondents
        )
    rng = random.Random(19)  # noqa: S311 - reproducible demo data, not security
    answers = []
    for question, item in zip(questions, ITEMS, strict=True):
        for index, (before, after) in enumerate(_answers(item, rng)):
            answers.append(Answer(response=responses[pre.pk][index], question=question,
                                  number=before))
            answers.append(Answer(response=responses[post.pk][index], question=question,
                                  number=after))
    Answer.objects.bulk_create(answers, batch_size=1000)
    return questionnaire


def demo_loader() -> list[DemoLogin]:
    load_demo_questionnaire()
    return []
