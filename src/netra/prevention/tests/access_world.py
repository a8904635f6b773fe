"""Prevention in the access matrix's world (``netra.core.tests.access_world``): at each
position, one record of every prevention target, run by the supervisory office there (Bawaslu RI
for ``assigned``: no assignment rule opens prevention work, only geography)."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile

from netra.core.tests.access_world import Placed
from netra.prevention.models import (
    Activity,
    ActivityFile,
    Agreement,
    BannerPlacement,
    BudgetLine,
    Cadre,
    CadreEntry,
    Declaration,
    FollowUp,
    Letter,
    LetterRun,
    Recipient,
    RecipientList,
)

DAY = date(2024, 10, 1)


def _file(marker: str) -> tuple[ContentFile, bytes, str]:
    content = f"{marker}\n".encode()
    return ContentFile(content, name=f"{marker}.txt"), content, hashlib.sha256(content).hexdigest()


def place(world) -> None:
    placed = world.placed
    for position, office in world.offices.items():
        code = office.region_code
        common = {"office": office, "region_code": code}

        def put(target, obj, marker, content=b"", secret="", position=position, code=code):
            placed[(target, position)] = Placed(type(obj), obj.pk, code, marker,
                                                content=content, secret=secret)

        activity = Activity.objects.create(
            **common, activity_type="socialization", title=f"MXM-activity-{position}",
            starts_on=DAY, ends_on=DAY, description=f"MXM activity text {position}")
        put("activity", activity, activity.title, secret=activity.description)
        upload, content, sha = _file(f"MXM-activity-file-{position}")
        row = ActivityFile.objects.create(activity=activity, kind="document", file=upload,
                                          file_name=upload.name, content_type="text/plain",
                                          sha256=sha)
        put("activity_file", row, row.file_name, content)

        recipients = RecipientList.objects.create(**common, name=f"MXM-list-{position}")
        put("recipient_list", recipients, recipients.name)
        recipient = Recipient.objects.create(recipient_list=recipients, recipient_type="school",
                                             name=f"SD MXM {position}")
        run = LetterRun.objects.create(
            **common, recipient_list=recipients, subject=f"MXM-run-{position}",
            message="Imbauan netralitas", letter_date=DAY, status="done", total=1, generated=1)
        put("letter_run", run, run.subject)
        upload, content, sha = _file(f"MXM-letter-{position}")
        letter = Letter.objects.create(run=run, recipient=recipient,
                                       number=f"MXM-letter-{position}", pdf=upload,
                                       pdf_sha256=sha)
        put("letter", letter, letter.number, content)

        upload, content, sha = _file(f"MXM-banner-{position}")
        banner = BannerPlacement.objects.create(
            **common, title=f"MXM-banner-{position}", placed_on=DAY, file=upload,
            file_name=upload.name, content_type="text/plain", sha256=sha)
        put("banner", banner, banner.title, content)
        upload, content, sha = _file(f"MXM-declaration-{position}")
        declaration = Declaration.objects.create(
            **common, kind="neutrality", signer_name=f"MXM-declaration-{position}",
            agency="Dinas MXM", signed_on=DAY, file=upload, file_name=upload.name,
            content_type="text/plain", sha256=sha)
        put("declaration", declaration, declaration.signer_name, content)
        agreement = Agreement.objects.create(**common, partner="Pemda MXM",
                                             title=f"MXM-agreement-{position}", signed_on=DAY)
        put("agreement", agreement, agreement.title)
        follow_up = FollowUp.objects.create(agreement=agreement,
                                            description=f"MXM-follow-up-{position}",
                                            owner="Sekretariat", due_on=DAY)
        put("follow_up", follow_up, follow_up.description)

        cadre = Cadre.objects.create(**common, name=f"MXM-cadre-{position}", trained_on=DAY)
        put("cadre", cadre, cadre.name)
        entry = CadreEntry.objects.create(cadre=cadre, kind="report", happened_on=DAY,
                                          title=f"MXM-entry-{position}")
        put("cadre_entry", entry, entry.title)
        line = BudgetLine.objects.create(**common, fiscal_year=2024,
                                         programme=f"MXM-budget-{position}", allocation=1000)
        put("budget_line", line, line.programme)
