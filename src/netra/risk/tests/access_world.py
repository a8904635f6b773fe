"""The risk module in the access matrix's world (``netra.core.tests.access_world``): at each
position an index method, a score, a programme evaluation with one action and a finished
comprehensive report, owned by the supervisory office there (Bawaslu RI for ``assigned``: only
geography opens them)."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from netra.core.tests.access_world import Placed
from netra.elections.models import Election
from netra.risk.models import (
    ComprehensiveReport,
    Evaluation,
    EvaluationAction,
    IndexMethod,
    IndexScore,
    Indicator,
)


def place(world) -> None:
    election = Election.objects.order_by("pk").first()
    now = timezone.now()
    for position, office in world.offices.items():
        code = office.region_code
        method = IndexMethod.objects.create(region_code=code, key=f"mxm-{position}",
                                            name=f"MXM-method-{position}", level=2)
        Indicator.objects.create(method=method, key="past-violations",
                                 label="Pelanggaran terdahulu", weight=100)
        world.placed[("index_method", position)] = Placed(IndexMethod, method.pk, code,
                                                          method.name)
        score = IndexScore.objects.create(
            region_code=code or "36", method=method, election=election, level=2,
            region_name=f"MXM-score-{position}", score=50.0, rank=1, category="medium",
            contributions={"raw": [3.0], "normalised": [0.5], "effective_weight": [100.0],
                           "points": [50.0]}, computed_at=now)
        world.placed[("index_score", position)] = Placed(IndexScore, score.pk,
                                                         score.region_code, score.region_name)
        evaluation = Evaluation.objects.create(region_code=code, organisation=office,
                                               election=election,
                                               summary=f"MXM-evaluation-{position}")
        EvaluationAction.objects.create(evaluation=evaluation, description="Perbaiki data",
                                        owner="Sekretaris", due_on=date(2024, 12, 1))
        # The list names the office (which may be the user's own); its link is the row's own.
        world.placed[("evaluation", position)] = Placed(
            Evaluation, evaluation.pk, code, f'evaluations/{evaluation.pk}/"',
            secret=evaluation.summary)
        content = f"%PDF-MXM-report-{position}\n".encode()
        report = ComprehensiveReport.objects.create(
            region_code=code, organisation=office, election=election, status="done",
            progress=100, pdf=ContentFile(content, name=f"mxm-{position}.pdf"),
            pdf_sha256=hashlib.sha256(content).hexdigest(), snapshot_at=now)
        world.placed[("comprehensive_report", position)] = Placed(
            ComprehensiveReport, report.pk, code, report.pdf_sha256[:14], content=content)
