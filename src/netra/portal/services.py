"""Changes of state in the public portal (one function per use case, atomic).

* :func:`submit_report` records a public report in one short transaction (the portal row with the
  report encrypted in it), idempotent on the form's key, so the receipt is shown only for what is
  committed and a retry is one report; :func:`open_submission_case` then opens its case through
  the case-intake port in a task after commit, and :func:`requeue_pending_intakes` (the sweeper)
  queues again whatever a dead worker left behind.
* :func:`post_reporter_message`, :func:`reveal_identity` (the reporter, by receipt code),
  :func:`post_office_message` (the handling office), :func:`record_case_step` (case events).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.core.audit import system_actor
from netra.core.scoping import can
from netra.files.intake import AcceptedFile, check_file_count
from netra.files.storage import discard_file, save_private_file, stored_name

from . import receipts
from .choices import RequestedKind, Sender, SubmissionStatus
from .models import MessageFile, PortalMessage, Submission
from .permissions import PortalAction

if TYPE_CHECKING:
    from netra.accounts.selectors import User
    from netra.cases.events import CaseStepTaken
    from netra.elections.selectors import Election

log = logging.getLogger(__name__)

CHANNEL = "public_portal"
MAX_MESSAGE_FILES = 5


class IdempotencyConflict(ValidationError):
    """The form's key was already used for a report with other content."""


@dataclass(frozen=True)
class ReportInput:
    """What the reporter typed, cleaned by the form. Identity fields are empty for initial
    information."""

    election_id: int
    anonymous: bool
    title: str
    description: str
    known_date: date
    incident_date: date | None
    place_region_code: str
    place_address: str = ""
    reporter_name: str = ""
    reporter_nik: str = ""
    reporter_address: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_type: str = "citizen"
    notify_email: str = ""
    # (employment_type, position, agency, name, nip) per reported person
    persons: tuple[tuple[str, str, str, str, str], ...] = ()
    evidence: tuple[AcceptedFile, ...] = field(default=(), compare=False)

    def plain(self) -> dict[str, Any]:
        """The fields but the evidence, as they are (``asdict`` without its deep copies: every
        value is a string, date, bool or a tuple of strings; JSON reads them alike)."""
        return {f.name: getattr(self, f.name) for f in _REPORT_FIELDS}

    def fingerprint(self) -> str:
        data = self.plain()
        data["evidence"] = [f.sha256 for f in self.evidence]
        canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


_REPORT_FIELDS = tuple(f for f in fields(ReportInput) if f.name != "evidence")


@dataclass(frozen=True)
class SubmitOutcome:
    submission: Submission
    receipt_code: str
    created: bool


# --- Reporting window ---------------------------------------------------------------------


def window_last_day(*, election_kind: str, known_date: date) -> date:
    """The last day a formal report may be filed for something known on ``known_date``:
    the rule in force (7 working days for Pemilu, 7 days for Pilkada), else 7 calendar days."""
    from netra.rules.calendar import WorkingCalendar
    from netra.rules.choices import DeadlineKey
    from netra.rules.selectors import RuleMissing, deadline_rule

    try:
        rule = deadline_rule(key=DeadlineKey.REPORT_WINDOW, election_kind=election_kind,
                             case_kind="report", on=known_date)
    except RuleMissing:
        return date.fromordinal(known_date.toordinal() + 7)
    return WorkingCalendar().add(known_date, rule.days, rule.unit)


# --- Submitting ---------------------------------------------------------------------------


def _existing(idempotency_hash: str, fingerprint: str) -> Submission:
    row = Submission.objects.get(idempotency_hash=idempotency_hash)
    if row.fingerprint != fingerprint:
        raise IdempotencyConflict(
            _("This form was already sent with other content. Open a new report form to send "
              "another report."), code="idempotency_conflict")
    return row


PENDING_FOLDER = "portal/pending"


def _pending_payload(data: ReportInput, files: list[dict[str, str]]) -> str:
    payload = data.plain()
    payload["evidence"] = files
    return json.dumps(payload, default=str, ensure_ascii=False)


def _stash_files(evidence: tuple[AcceptedFile, ...], stored: list[str]) -> list[dict[str, str]]:
    """Evidence bytes into private storage until the intake copies them into the case."""
    files = []
    for accepted in evidence:
        path = default_storage.save(stored_name(PENDING_FOLDER, accepted.extension),
                                    ContentFile(accepted.data))
        stored.append(path)
        files.append({"path": path, "name": accepted.name, "sha256": accepted.sha256})
    return files


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:  # pragma: no cover - a leftover file is harmless, the row is gone
            log.warning("portal: could not delete pending file %s", path)


def queue_intake(submission_id: int) -> None:
    """Open the case of a committed submission after the current transaction commits (a Celery
    task; inline in the embedded default). A failure to enqueue is logged, never turned into a
    refusal: the submission is committed, and :func:`requeue_pending_intakes` finds it."""
    from .tasks import open_submission_case

    def enqueue() -> None:
        open_submission_case.delay(submission_id)

    transaction.on_commit(enqueue, robust=True)


def submit_report(*, data: ReportInput, idempotency_key: str, today: date | None = None,
                  open_elections: Sequence[Election] | None = None) -> SubmitOutcome:
    """Record a public report (laporan daring); its case follows through the intake port.

    A formal report needs the reporter's identity and must come within the reporting window;
    otherwise it is recorded as initial information (informasi awal), which the office may still
    turn into a finding. Everything that can refuse the report (election, office, window) is
    decided here, before the acknowledgement. One short transaction commits the portal row with
    the report encrypted in it (and the evidence bytes in private storage); the receipt is
    answered only after that commit. Opening the case (:func:`open_submission_case`) runs after
    the commit, as a task. The same ``idempotency_key`` with the same content returns the first
    submission (``created`` False) and re-queues its intake if it has not run yet; with other
    content it is refused. ``open_elections``: the open elections as this request already read
    them (the form's choices, ``active_election_list``), to spare a second cache read.
    """
    from netra.cases.choices import CaseKind
    from netra.cases.intake import responsible_office
    from netra.elections.selectors import active_election_list

    today = today or timezone.localdate()
    code = receipts.code_for_key(idempotency_key)
    idem_hash = receipts.key_hash(idempotency_key)
    fingerprint = data.fingerprint()
    # No look-up of the key before the insert: the unique index on ``idempotency_hash`` turns a
    # retry into an IntegrityError below (one statement less for every first submission). A
    # retry refused by a check that has changed since (the election closed) still finds its row.
    if open_elections is None:
        open_elections = active_election_list()
    election = next((e for e in open_elections if e.pk == data.election_id), None)
    office = responsible_office(data.place_region_code)
    if (election is None or office is None) and Submission.objects.filter(
            idempotency_hash=idem_hash).exists():
        return _again(idem_hash, fingerprint, code)
    if election is None:
        raise ValidationError({"election": _("Choose an election that is open for reports.")})
    if office is None:
        raise ValidationError({"place_region_code": _(
            "No supervisory office covers this place yet. Choose the village or district where "
            "it happened.")})
    late = today > window_last_day(election_kind=election.kind, known_date=data.known_date)
    requested = RequestedKind.INITIAL_INFO if data.anonymous else RequestedKind.REPORT
    formal = requested == RequestedKind.REPORT and not late
    kind = CaseKind.REPORT if formal else CaseKind.INITIAL_INFO

    stored: list[str] = []
    _inline.opened = {}
    with system_actor(CHANNEL):
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    receipt_hash=receipts.code_hash(code),
                    receipt_prefix=code[:receipts.PREFIX_LENGTH],
                    idempotency_hash=idem_hash, fingerprint=fingerprint,
                    requested_kind=requested, recorded_kind=kind, late=late,
                    election_id=election.pk, office_id=office.pk,
                    region_code=data.place_region_code,
                    contact_email=data.notify_email or None,
                    pending_report=_pending_payload(data, _stash_files(data.evidence, stored)),
                )
                queue_intake(submission.pk)
        except IntegrityError:
            _delete_files(stored)
            # A concurrent request with the same key committed first (double click).
            if not Submission.objects.filter(idempotency_hash=idem_hash).exists():
                raise
            return _again(idem_hash, fingerprint, code)
        except BaseException:
            _delete_files(stored)
            raise
    _refresh_if_inline(submission)
    # The receipt page names both: reuse the rows already read instead of two more queries.
    submission.election = election
    submission.office = office
    return SubmitOutcome(submission, code, True)


def _again(idem_hash: str, fingerprint: str, code: str) -> SubmitOutcome:
    row = _existing(idem_hash, fingerprint)
    if row.case_id is None and row.pending_report and not row.intake_error:
        # Acknowledged (or cut off) before its case was opened: a retry pushes it again.
        _inline.opened = {}
        queue_intake(row.pk)
        _refresh_if_inline(row)
    return SubmitOutcome(row, code, False)


# With inline tasks the intake ran in this thread after the commit: what it recorded, by
# submission id, so that the receipt needs no second read of the row (``_refresh_if_inline``).
_inline = threading.local()


def _refresh_if_inline(submission: Submission) -> None:
    """With inline tasks (embedded default) the case is already open: show its number."""
    if not settings.CELERY_TASK_ALWAYS_EAGER or submission.case_id is not None:
        return
    opened = getattr(_inline, "opened", None) or {}
    _inline.opened = None
    # Not there: the intake was refused, or it waits for an outer transaction to commit; the
    # row has no case either way.
    if submission.pk in opened:
        submission.case_id, submission.intake_number, submission.case_status = opened[
            submission.pk]


def open_submission_case(submission_id: int) -> bool:
    """Open the case of a committed submission through the intake port; idempotent.

    The submission row is locked for the transaction, and a submission that already has its case
    is left alone, so a task delivered twice (late acknowledgement, sweeper and retry together)
    opens one case. The pending report and its stashed files are removed in the same transaction
    that records the case. A refusal by the intake port (a rule that changed since the
    acknowledgement) is kept on the submission for the office; the sweeper skips it. True when a
    case was opened.
    """
    from netra.cases.choices import Source
    from netra.cases.intake import (
        EvidenceInput,
        IntakeRequest,
        PersonInput,
        ReporterInput,
        submit_intake,
    )

    with system_actor(CHANNEL), transaction.atomic():
        row = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if row is None or row.case_id is not None or not row.pending_report:
            return False
        report = json.loads(row.pending_report)
        reporters: list[ReporterInput] = []
        if not report["anonymous"]:
            reporters.append(ReporterInput(
                name=report["reporter_name"], nik=report["reporter_nik"],
                address=report["reporter_address"], phone=report["reporter_phone"],
                email=report["reporter_email"], reporter_type=report["reporter_type"]))
        persons = [PersonInput(employment_type=p[0], position=p[1], agency=p[2], name=p[3],
                               nip=p[4]) for p in report["persons"]]
        paths = [f["path"] for f in report["evidence"]]
        evidence: list[EvidenceInput] = []
        for item in report["evidence"]:
            with default_storage.open(item["path"], "rb") as handle:
                evidence.append(EvidenceInput(file=ContentFile(handle.read(), name=item["name"]),
                                              description=""))
        row.intake_attempts += 1
        try:
            result = submit_intake(
                IntakeRequest(
                    election_id=row.election_id, office_id=row.office_id or 0,
                    kind=row.recorded_kind, source=Source.PUBLIC_PORTAL, title=report["title"],
                    known_date=date.fromisoformat(report["known_date"]),
                    description=report["description"],
                    incident_date=(date.fromisoformat(report["incident_date"])
                                   if report["incident_date"] else None),
                    place_region_code=report["place_region_code"],
                    place_address=report["place_address"], received_at=row.created_at,
                    reported_persons=persons, reporters=reporters, evidence=evidence,
                    source_object=row,
                ),
                actor=None,
            )
        except ValidationError as exc:
            row.intake_error = "; ".join(exc.messages)[:500]
            row.save(update_fields=["intake_attempts", "intake_error", "updated_at"])
            log.warning("portal: intake refused submission %s: %s", row.pk, row.intake_error)
            return False
        row.case_id = result.case_id
        row.intake_number = result.intake_number
        row.case_status = str(result.status)
        row.pending_report = None
        row.intake_error = ""
        row.save(update_fields=["case_id", "intake_number", "case_status", "pending_report",
                                "intake_attempts", "intake_error", "updated_at"])
        transaction.on_commit(lambda: _delete_files(paths))
        opened = getattr(_inline, "opened", None)
        if opened is not None:
            opened[row.pk] = (row.case_id, row.intake_number, row.case_status)
    return True


def requeue_pending_intakes(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """The sweeper: queue the intake again for every committed submission whose case was not
    opened within ``older_than`` (a worker died, the broker lost the message). Returns how many."""
    cutoff = timezone.now() - older_than
    ids = list(Submission.objects.filter(
        case_id__isnull=True, pending_report__isnull=False, intake_error="",
        created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True))
    from .tasks import open_submission_case

    for pk in ids:
        try:
            open_submission_case.delay(pk)
        except Exception:  # the broker is down: the next sweep tries again
            log.exception("portal: could not queue the intake of submission %s", pk)
    return len(ids)


# --- Receipt code access ------------------------------------------------------------------


def submission_for_code(code: str) -> Submission | None:
    """The submission a receipt code opens, or None (the caller rate-limits wrong codes)."""
    if not receipts.looks_valid(code):
        return None
    return Submission.objects.filter(receipt_hash=receipts.code_hash(code)).first()


# --- Messages -----------------------------------------------------------------------------


def _store_files(message: PortalMessage, files: Sequence[AcceptedFile],
                 stored: list[FieldFile]) -> None:
    check_file_count(len(files) - 1 if files else 0, limit=MAX_MESSAGE_FILES,
                     message=_("A message carries at most %(limit)d files."))
    for accepted in files:
        row = MessageFile(message=message, name=accepted.name,
                          content_type=accepted.content_type, size=accepted.size,
                          sha256=accepted.sha256)
        save_private_file(row.file, folder="portal/messages", extension=accepted.extension,
                          data=accepted.data)
        stored.append(row.file)
        row.save()


def _with_files(create: Callable[[list[FieldFile]], PortalMessage]) -> PortalMessage:
    stored: list[FieldFile] = []
    try:
        with transaction.atomic():
            return create(stored)
    except Exception:
        for field_file in stored:
            discard_file(field_file)
        raise


def post_reporter_message(*, submission: Submission, body: str,
                          files: Sequence[AcceptedFile] = ()) -> PortalMessage:
    """The reporter writes to the handling office (pesan pelapor), with extra evidence."""
    body = (body or "").strip()
    if not body and not files:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if submission.status == SubmissionStatus.CLOSED:
        raise ValidationError(_("This report is closed; messages can no longer be sent."))

    def create(stored: list[FieldFile]) -> PortalMessage:
        message = PortalMessage.objects.create(submission=submission, sender=Sender.REPORTER,
                                               body=body or "-")
        _store_files(message, list(files), stored)
        return message

    with system_actor(CHANNEL):
        return _with_files(create)


def reveal_identity(*, submission: Submission, name: str, nik: str, address: str,
                    phone: str = "", email: str = "") -> PortalMessage:
    """An anonymous reporter reveals their identity (the receipt code proves who they are).

    Once the submission's case is open, the identity joins the case's reporters through the
    intake port (``add_reporter_from_source``): encrypted like any reporter's, shown only to the
    roles the identity policy allows, and a step on the case's timeline. Within the reporting
    window, initial information still waiting for the office's decision then goes on as a
    formal report (laporan) with its own number; otherwise it stays initial information and the
    message says why. The thread gets a message saying so, without the identity. While the case
    is still being opened (deferred intake), the identity waits in an encrypted message flagged
    for the handler, who records it.
    """
    from netra.cases.intake import ReporterInput, add_reporter_from_source

    if submission.requested_kind != RequestedKind.INITIAL_INFO:
        raise ValidationError(_("This report already carries the reporter's identity."))
    if submission.identity_revealed_at is not None:
        raise ValidationError(_("The identity was already sent for this report."))
    with system_actor(CHANNEL), transaction.atomic():
        if submission.case_id is not None:
            result = add_reporter_from_source(
                case_id=submission.case_id, source_object=submission,
                reporter=ReporterInput(name=name, nik=nik, address=address, phone=phone,
                                       email=email))
            body = _("The reporter revealed their identity. It is recorded with the case's "
                     "reporters, visible only to the roles allowed to see it.")
            if result.report is not None:
                body += " " + _("The information goes on as a formal report, number "
                                "%(number)s.") % {"number": result.report.intake_number}
                submission.case_id = result.report.case_id
                submission.intake_number = result.report.intake_number
                submission.recorded_kind = result.report.kind
            else:
                body += " " + _("It stays initial information: %(reason)s") % {
                    "reason": result.reason}
        else:
            lines = [
                _("Name: %(value)s") % {"value": name},
                _("Identity number (NIK): %(value)s") % {"value": nik},
                _("Address: %(value)s") % {"value": address},
            ]
            if phone:
                lines.append(_("Phone: %(value)s") % {"value": phone})
            if email:
                lines.append(_("E-mail address: %(value)s") % {"value": email})
            body = "\n".join(lines)
        message = PortalMessage.objects.create(
            submission=submission, sender=Sender.REPORTER, body=body, identity_reveal=True)
        submission.identity_revealed_at = timezone.now()
        submission.save(update_fields=["identity_revealed_at", "case_id", "intake_number",
                                       "recorded_kind", "updated_at"])
    return message


def post_office_message(*, submission: Submission, actor: User, body: str,
                        asks_for_more: bool = False,
                        files: Sequence[AcceptedFile] = ()) -> PortalMessage:
    """The handling office answers the reporter or asks for more (balasan petugas)."""
    if not can(actor, PortalAction.RESPOND, submission):
        raise ValidationError(_("You may not answer reporters for this report."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})

    def create(stored: list[FieldFile]) -> PortalMessage:
        message = PortalMessage.objects.create(
            submission=submission, sender=Sender.OFFICE, author=actor, body=body,
            asks_for_more=asks_for_more)
        _store_files(message, list(files), stored)
        PortalMessage.objects.filter(submission=submission, sender=Sender.REPORTER,
                                     read_by_office=False).update(read_by_office=True)
        return message

    return _with_files(create)


# --- Case events --------------------------------------------------------------------------


def record_case_step(event: CaseStepTaken) -> None:
    """Subscriber of ``CaseStepTaken``: a status notice on the reporter's page, and an e-mail
    (Celery) when the reporter left an address."""
    if event.source_type != Submission._meta.label_lower or not event.source_id:
        return
    submission = Submission.objects.filter(pk=int(event.source_id)).first()
    if submission is None:
        return
    from netra.cases.selectors import source_case_summary

    summary = source_case_summary(submission)
    label = summary.status_label if summary else str(getattr(event, "status_label", "")
                                                     or event.to_status)
    status = (SubmissionStatus.CLOSED if summary and summary.closed
              else SubmissionStatus.IN_HANDLING)
    with system_actor("task:portal.case_step"), transaction.atomic():
        submission.case_status = event.to_status
        submission.case_status_label = label[:200]
        submission.status = status
        if summary:
            # The current case: a finding raised from the information, or the report it went
            # on as, carries on under its own number.
            submission.case_id = summary.case_id
            submission.intake_number = summary.intake_number
            if summary.kind == "report":  # went on as a formal report
                submission.recorded_kind = summary.kind
        submission.save(update_fields=["case_status", "case_status_label", "status", "case_id",
                                       "intake_number", "recorded_kind", "updated_at"])
        PortalMessage.objects.create(
            submission=submission, sender=Sender.SYSTEM,
            body=_("Status changed: %(status)s") % {"status": label})
    if submission.contact_email:
        from .tasks import send_status_notice

        transaction.on_commit(lambda: send_status_notice.delay(submission.pk))


def notice_recipient(submission_id: int) -> tuple[str, str] | None:
    """(e-mail, status label) for a status notice, or None."""
    row = Submission.objects.filter(pk=submission_id).first()
    if row is None or not row.contact_email:
        return None
    return row.contact_email, row.case_status_label


def default_from_email() -> str:
    return str(settings.DEFAULT_FROM_EMAIL)
