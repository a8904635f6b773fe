"""The portal in the access matrix's world (``netra.core.tests.access_world``): one submission
per position (its region is the place of the event), with a reporter's message and its file."""

import hashlib

from django.core.files.base import ContentFile

from netra.core.tests.access_world import POSITION_REGION, POSITIONS, Placed
from netra.elections.models import Election
from netra.portal.models import MessageFile, PortalMessage, Submission


def place(world) -> None:
    election = Election.objects.order_by("pk").first()
    for position in POSITIONS:
        marker = f"MXM-submission-{position}"
        code = POSITION_REGION[position]
        submission = Submission.objects.create(
            region_code=code, receipt_hash=hashlib.sha256(marker.encode()).hexdigest(),
            receipt_prefix="MXM", idempotency_hash=hashlib.sha256(b"i" + marker.encode())
            .hexdigest(), fingerprint=marker, requested_kind="initial_info",
            election=election, office=world.offices[position], intake_number=marker,
        )
        message = PortalMessage.objects.create(submission=submission, sender="reporter",
                                               body=f"MXM pesan pelapor {position}")
        content = f"MXM-portal-file-{position}\n".encode()
        row = MessageFile.objects.create(
            message=message, file=ContentFile(content, name=f"mxm-{position}.txt"),
            name=f"mxm-{position}.txt", content_type="text/plain", size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        world.placed[("portal_submission", position)] = Placed(
            Submission, submission.pk, code, marker, secret=f"MXM pesan pelapor {position}")
        world.placed[("portal_file", position)] = Placed(
            MessageFile, row.pk, code, f"mxm-{position}.txt", content=content)
