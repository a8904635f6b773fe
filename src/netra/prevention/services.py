"""Changes to prevention records. Every function takes the acting user, checks scope and is
atomic; a refusal is a ``ValidationError`` (translated) or ``OutOfScope``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may_in_region, region_within
from netra.files.intake import UploadPolicy, accept_upload, check_file_count
from netra.files.storage import discard_file, save_private_file
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.regions.selectors import region_get

from .choices import (
    ActivityType,
    CadreEntryKind,
    DeclarationKind,
    Distribution,
    FileKind,
    FollowUpStatus,
    RecipientType,
    RunStatus,
    TargetGroup,
)
from .models import (
    Activity,
    ActivityFile,
    Agreement,
    Attendee,
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
    StoredFileMixin,
)
from .permissions import PreventionAction

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Model

    from netra.cases.intake import IntakeResult
    from netra.core.typing import AnyUser
    from netra.elections.selectors import Election
    from netra.files.intake import AcceptedFile
    from netra.orgs.selectors import Organisation

_Stored = TypeVar("_Stored", bound=StoredFileMixin)

CHANGE = PreventionAction.CHANGE

PHOTO_POLICY = UploadPolicy(types=frozenset({"jpeg", "png", "webp"}))
DOCUMENT_POLICY = UploadPolicy(types=frozenset({"pdf", "docx", "xlsx", "pptx", "jpeg", "png"}))
SCAN_POLICY = UploadPolicy(types=frozenset({"pdf", "jpeg", "png"}))


# --- Shared checks ---------------------------------------------------------------------------


def check_office(actor: AnyUser | None, office: Organisation | None) -> None:
    """The organiser must be a supervisory office in which the actor manages prevention."""
    if office is None or office.kind not in SUPERVISORY_KINDS:
        raise ValidationError({"office": [_("Choose a Bawaslu office, Panwascam or PKD.")]})
    # ``actor=None`` is the system (an import run from the command line without --actor).
    if actor is not None and not may_in_region(actor, CHANGE, office.region_code):
        raise OutOfScope(_("You may not manage prevention work of this office."))


def check_changeable(actor: AnyUser | None, obj: Model) -> None:
    if actor is not None and not can(actor, CHANGE, obj):
        raise OutOfScope(_("You may not change this record."))


def check_place(code: str, office: Organisation, *, field: str, level: int | None = None) -> None:
    """``code`` must be a known region inside the office's jurisdiction (at ``level``)."""
    region = region_get(code) if code else None
    if region is None:
        raise ValidationError({field: [_("Choose a region from the Kemendagri list.")]})
    if level is not None and region.level != level:
        raise ValidationError({field: [_("Choose a village (kelurahan/desa).")]})
    if not region_within(code, office.region_code):
        raise ValidationError(
            {field: [_("%(region)s lies outside the jurisdiction of %(office)s.")
                     % {"region": region.name, "office": office.name}]}
        )


def check_dates(starts_on: date, ends_on: date | None, *, field: str = "ends_on") -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({field: [_("The end date is before the start date.")]})


def _store(obj: StoredFileMixin, field_name: str, accepted: AcceptedFile, folder: str) -> None:
    save_private_file(getattr(obj, field_name), folder=folder, extension=accepted.extension,
                      data=accepted.data)
    obj.file_name = accepted.name
    obj.content_type = accepted.content_type
    obj.sha256 = accepted.sha256


def _save_with_file(obj: _Stored, upload: UploadedFile | None, *, policy: UploadPolicy,
                    folder: str, field: str = "file") -> _Stored:
    """Accept ``upload`` (if any), store it and save ``obj`` in one transaction; the stored file
    is removed again when the row cannot be saved."""
    accepted = None
    if upload is not None:
        try:
            accepted = accept_upload(upload, policy=policy)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
    try:
        with transaction.atomic():
            if accepted is not None:
                _store(obj, "file", accepted, folder)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
    except Exception:
        if accepted is not None:
            discard_file(obj.file)
        raise
    return obj


# --- Rupiah ----------------------------------------------------------------------------------

_RP_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_DOT_GROUPS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(,\d{3})+$")
_SPACE_GROUPS = re.compile(r"^\d{1,3}( \d{3})+$")
_FLOAT = re.compile(r"^\d+\.0+$")


def parse_rupiah(value: object) -> int:
    """A whole, non-negative rupiah amount from ``1633859000``, ``Rp 1.633.859.000``,
    ``1.633.859.000,00``, ``Rp1.633.859.000,-`` or ``1,633,859,000``; a spreadsheet number
    (``954166592.0``) is accepted when it has no cents. Anything else is refused."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter an amount in rupiah, e.g. Rp 1.633.859.000."))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if value != int(value):
            raise ValidationError(_("Rupiah amounts are whole numbers, without cents."))
        amount = int(value)
    else:
        text = _RP_PREFIX.sub("", str(value or "").strip()).strip()
        text = re.sub(r",-$|,0{1,2}$", "", text)
        if text.startswith("-"):
            raise ValidationError(_("An amount cannot be negative."))
        if text.isdigit():
            amount = int(text)
        elif _DOT_GROUPS.match(text):
            amount = int(text.replace(".", ""))
        elif _COMMA_GROUPS.match(text):
            amount = int(text.replace(",", ""))
        elif _SPACE_GROUPS.match(text):
            amount = int(text.replace(" ", ""))
        elif _FLOAT.match(text):
            amount = int(text.split(".")[0])
        elif not text:
            raise ValidationError(_("Enter an amount in rupiah, e.g. Rp 1.633.859.000."))
        elif re.match(r"^[\d.,]+$", text):
            raise ValidationError(_("Rupiah amounts are whole numbers, without cents."))
        else:
            raise ValidationError(_("Enter an amount in rupiah, e.g. Rp 1.633.859.000."))
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative."))
    if amount > 10**15:
        raise ValidationError(_("The amount is too large."))
    return amount


# --- 6. Budget -------------------------------------------------------------------------------


def save_budget_line(
    *, actor: AnyUser | None, office: Organisation, fiscal_year: int, programme: str,
    sub_line: str = "", allocation: object, realization: object = 0,
    election: Election | None = None, line: BudgetLine | None = None,
) -> tuple[BudgetLine, bool]:
    """Create a budget line, or update the one with the same office, year, programme and
    sub-line (the natural key, so a re-import changes amounts instead of adding rows). Returns
    the line and whether it was created."""
    check_office(actor, office)
    errors: dict[str, list[str]] = {}
    amounts: dict[str, int] = {}
    for name, raw in (("allocation", allocation), ("realization", realization)):
        try:
            amounts[name] = parse_rupiah(raw)
        except ValidationError as exc:
            errors[name] = exc.messages
    programme = (programme or "").strip()
    if not programme:
        errors["programme"] = [_("Enter the programme.")]
    if not 2000 <= int(fiscal_year or 0) <= 2100:
        errors["fiscal_year"] = [_("Enter a fiscal year such as 2024.")]
    if errors:
        raise ValidationError(errors)
    sub_line = (sub_line or "").strip()
    with transaction.atomic():
        if line is None:
            line = (BudgetLine.objects.select_for_update()
                    .filter(office=office, fiscal_year=fiscal_year, programme=programme,
                            sub_line=sub_line).first())
        else:
            check_changeable(actor, line)
        created = line is None
        if line is None:
            line = BudgetLine(office=office, region_code=office.region_code)
        line.fiscal_year = fiscal_year
        line.programme = programme
        line.sub_line = sub_line
        line.allocation = amounts["allocation"]
        line.realization = amounts["realization"]
        if election is not None:
            line.election = election
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"sub_line": [_("This office already has this programme and sub-line.")]}
            ) from exc
    return line, created


def budget_alert(line: BudgetLine) -> str:
    """``under`` / ``over`` when the realization is outside the configured thresholds."""
    percent = line.realization_percent
    if percent is None:
        return ""
    if percent < settings.NETRA_PREVENTION_BUDGET_LOW_PERCENT:
        return "under"
    if percent > settings.NETRA_PREVENTION_BUDGET_HIGH_PERCENT:
        return "over"
    return ""


# --- 1. Activities ---------------------------------------------------------------------------


def _activity_errors(*, activity_type: str, target_groups: Sequence[str],
                     area_codes: Sequence[str], office: Organisation,
                     budget_line: BudgetLine | None,
                     participants_count: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if activity_type not in ActivityType.values:
        errors["activity_type"] = [_("Choose the type of activity.")]
    unknown = set(target_groups) - set(TargetGroup.values)
    if unknown:
        errors["target_groups"] = [_("Unknown target group.")]
    for code in area_codes:
        try:
            check_place(code, office, field="area_codes")
        except ValidationError as exc:
            errors.setdefault("area_codes", []).extend(exc.message_dict["area_codes"])
    if budget_line is not None and budget_line.office_id != office.pk:
        errors["budget_line"] = [_("The budget line belongs to another office.")]
    if participants_count is not None and participants_count < 0:
        errors["participants_count"] = [_("The number of participants cannot be negative.")]
    return errors


def save_activity(*, actor: AnyUser | None, activity: Activity | None = None,
                  office: Organisation, election: Election | None = None,
                  activity_type: str, title: str, starts_on: date, ends_on: date | None = None,
                  venue: str = "", area_codes: Iterable[str] = (),
                  target_groups: Iterable[str] = (), participants_count: int = 0,
                  budget_line: BudgetLine | None = None, description: str = "",
                  copied_from: Activity | None = None) -> Activity:
    """Create (``activity`` None) or change a prevention activity."""
    check_office(actor, office)
    if activity is not None:
        check_changeable(actor, activity)
    ends_on = ends_on or starts_on
    areas = list(dict.fromkeys(area_codes))
    groups = list(dict.fromkeys(target_groups))
    errors = _activity_errors(activity_type=activity_type, target_groups=groups,
                              area_codes=areas, office=office, budget_line=budget_line,
                              participants_count=participants_count)
    try:
        check_dates(starts_on, ends_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not (title or "").strip():
        errors["title"] = [_("Enter a title.")]
    if errors:
        raise ValidationError(errors)
    activity = activity or Activity(copied_from=copied_from)
    activity.office = office
    activity.region_code = office.region_code
    activity.election = election
    activity.activity_type = activity_type
    activity.title = title.strip()
    activity.starts_on = starts_on
    activity.ends_on = ends_on
    activity.venue = venue
    activity.area_codes = areas
    activity.target_groups = groups
    activity.participants_count = participants_count or 0
    activity.budget_line = budget_line
    activity.description = description
    with transaction.atomic():
        activity.save()
    return activity


def template_values(source: Activity) -> dict[str, Any]:
    """The fields a new activity copies from a past one ("use as template"): everything but the
    dates, the attendance and the files."""
    return {
        "office": source.office_id,
        "election": source.election_id,
        "activity_type": source.activity_type,
        "title": source.title,
        "venue": source.venue,
        "area_codes": list(source.area_codes),
        "target_groups": list(source.target_groups),
        "participants_count": source.participants_count,
        "budget_line": source.budget_line_id,
        "description": source.description,
    }


def add_activity_file(*, actor: AnyUser | None, activity: Activity, kind: str,
                      upload: UploadedFile | None,
                      description: str = "") -> ActivityFile:
    check_changeable(actor, activity)
    if kind not in FileKind.values:
        raise ValidationError({"kind": [_("Choose document or photo.")]})
    check_file_count(activity.files.count())
    policy = PHOTO_POLICY if kind == FileKind.PHOTO else DOCUMENT_POLICY
    row = ActivityFile(activity=activity, kind=kind, description=description)
    return _save_with_file(row, upload, policy=policy, folder="prevention/activities")


def add_attendee(*, activity: Activity, name: str, position: str = "", agency: str = "",
                 phone: str = "") -> tuple[Attendee, bool]:
    """One attendance line (used by the import, which has checked the actor). Returns the row
    and whether it is new: the same name and agency twice is one attendee."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Enter the name.")]})
    attendee, created = Attendee.objects.get_or_create(
        activity=activity, name=name, agency=" ".join((agency or "").split()),
        defaults={"position": position.strip(), "phone": phone.strip()},
    )
    return attendee, created


def sync_participants(activity: Activity) -> None:
    """The participant count is at least the number of people on the attendance list."""
    listed = activity.attendees.count()
    if listed > activity.participants_count:
        Activity.objects.filter(pk=activity.pk).update(participants_count=listed)
        activity.participants_count = listed


# --- 2. Appeal letters -----------------------------------------------------------------------


def create_recipient_list(*, actor: AnyUser | None, office: Organisation, name: str,
                          election: Election | None = None) -> RecipientList:
    check_office(actor, office)
    if not (name or "").strip():
        raise ValidationError({"name": [_("Enter a name for the list.")]})
    return RecipientList.objects.create(office=office, region_code=office.region_code,
                                        election=election, name=name.strip())


def parse_recipient_type(value: str) -> str:
    """A recipient type from its slug or its English/Indonesian label (``sekolah``)."""
    text = " ".join((value or "").lower().split())
    if text in RecipientType.values:
        return text
    for choice in RecipientType:
        if text == str(choice.label).lower():
            return choice.value
    found = RECIPIENT_TYPE_WORDS.get(text)
    if found:
        return found
    raise ValidationError(
        {"recipient_type": [_("Unknown recipient type %(value)s: use school, office, health "
                              "facility, place of worship or village.") % {"value": value}]}
    )


RECIPIENT_TYPE_WORDS = {
    "sekolah": RecipientType.SCHOOL, "school": RecipientType.SCHOOL,
    "sd": RecipientType.SCHOOL, "smp": RecipientType.SCHOOL, "sma": RecipientType.SCHOOL,
    "smk": RecipientType.SCHOOL, "madrasah": RecipientType.SCHOOL,
    "kantor": RecipientType.OFFICE, "instansi": RecipientType.OFFICE, "opd": RecipientType.OFFICE,
    "office": RecipientType.OFFICE, "dinas": RecipientType.OFFICE,
    "puskesmas": RecipientType.HEALTH, "rumah sakit": RecipientType.HEALTH,
    "fasilitas kesehatan": RecipientType.HEALTH, "faskes": RecipientType.HEALTH,
    "klinik": RecipientType.HEALTH, "health": RecipientType.HEALTH,
    "masjid": RecipientType.WORSHIP, "gereja": RecipientType.WORSHIP,
    "rumah ibadah": RecipientType.WORSHIP, "tempat ibadah": RecipientType.WORSHIP,
    "pura": RecipientType.WORSHIP, "vihara": RecipientType.WORSHIP,
    "desa": RecipientType.VILLAGE, "kelurahan": RecipientType.VILLAGE,
    "kantor desa": RecipientType.VILLAGE, "village": RecipientType.VILLAGE,
    "lainnya": RecipientType.OTHER, "other": RecipientType.OTHER,
}


def add_recipient(*, recipient_list: RecipientList, recipient_type: str, name: str,
                  addressee: str = "", address: str = "", district: str = "",
                  ) -> tuple[Recipient, bool]:
    """One recipient (the import's row and the manual form). Same list, type, name and
    district is the same recipient."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Enter the name.")]})
    kind = parse_recipient_type(recipient_type)
    return Recipient.objects.get_or_create(
        recipient_list=recipient_list, recipient_type=kind, name=name,
        district=" ".join((district or "").split()),
        defaults={"addressee": addressee.strip(), "address": address.strip()},
    )


def add_recipient_by(*, actor: AnyUser | None, recipient_list: RecipientList,
                     **values: str) -> Recipient:
    check_changeable(actor, recipient_list)
    with transaction.atomic():
        recipient, created = add_recipient(recipient_list=recipient_list, **values)
    if not created:
        raise ValidationError({"name": [_("This recipient is already on the list.")]})
    return recipient


def start_letter_run(*, actor: AnyUser | None, recipient_list: RecipientList, subject: str,
                     message: str, letter_date: date, number_prefix: str = "",
                     election: Election | None = None) -> LetterRun:
    """Create a run for every recipient of the list and start generating in the background."""
    check_changeable(actor, recipient_list)
    errors: dict[str, list[str]] = {}
    if not (subject or "").strip():
        errors["subject"] = [_("Enter the subject.")]
    if not (message or "").strip():
        errors["message"] = [_("Enter the text of the appeal.")]
    total = recipient_list.recipients.count()
    if total == 0:
        errors["recipient_list"] = [_("The recipient list is empty.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        run = LetterRun.objects.create(
            office=recipient_list.office, region_code=recipient_list.region_code,
            election=election or recipient_list.election, recipient_list=recipient_list,
            subject=subject.strip(), message=message.strip(), letter_date=letter_date,
            number_prefix=number_prefix.strip(), total=total,
            # The user row (not the system) is what the foreign key stores.
            created_by=actor if isinstance(actor, get_user_model()) else None,
        )
        transaction.on_commit(lambda: enqueue_letter_run(run.pk))
    return run


def enqueue_letter_run(run_id: int) -> None:
    from .tasks import generate_letters

    generate_letters.delay(run_id)


def resume_letter_run(*, actor: AnyUser | None, run: LetterRun) -> LetterRun:
    """Start generating again: letters already made are kept, the missing ones are made."""
    check_changeable(actor, run)
    if run.status == RunStatus.DONE and run.generated >= run.total:
        raise ValidationError(_("Every letter of this run is already generated."))
    LetterRun.objects.filter(pk=run.pk).update(status=RunStatus.PENDING, error="")
    transaction.on_commit(lambda: enqueue_letter_run(run.pk))
    run.refresh_from_db()
    return run


def letter_number(run: LetterRun, index: int) -> str:
    prefix = run.number_prefix or "PM.00.02"
    return f"{index:04d}/{prefix}/{run.letter_date:%m}/{run.letter_date:%Y}"


LETTER_BATCH = 20


def letter_processes() -> int:
    """Worker processes that lay out one task's letters: ``NETRA_PREVENTION_LETTER_PROCESSES``,
    or, when it is 0 (the default), every core in the embedded default (Celery runs inline, one
    process does the whole run) and 1 on Celery workers (the run's shards already spread over
    the workers)."""
    import os

    configured = int(getattr(settings, "NETRA_PREVENTION_LETTER_PROCESSES", 0) or 0)
    if configured > 0:
        return configured
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return max(1, os.cpu_count() or 1)
    return 1


def generate_missing_letters(run_id: int, *, shard: int = 0, shards: int = 1,
                             limit: int | None = None, processes: int | None = None) -> int:
    """Generate the run's letters that do not exist yet (those of ``shard`` out of ``shards``
    when several workers share the run). Returns how many were made now (``limit`` stops
    early: a test of an interrupted run).

    The run's template, page and fonts are prepared once (``letters.LetterRunRenderer``); the
    letters are laid out ``LETTER_BATCH`` at a time, in ``processes`` worker processes
    (``letter_processes()`` by default), and each batch is stored in one transaction: its
    files, its rows (saved one by one, so each is audited) and one update of the run's count.
    The unique (run, recipient) constraint keeps a letter from being made twice: if another
    worker made one of the batch meanwhile, the batch is stored letter by letter and the ones
    already there are skipped. An interrupted run
    loses at most the batch in flight and resumes with the letters still missing."""
    from .letters import LetterPool, LetterRunRenderer, render_letter_pdf

    run = LetterRun.objects.select_related("office", "recipient_list").get(pk=run_id)
    LetterRun.objects.filter(pk=run.pk).exclude(status=RunStatus.RUNNING).update(
        status=RunStatus.RUNNING, error="")
    done_ids = set(run.letters.values_list("recipient_id", flat=True))
    # The run is for the recipients listed when it started; later additions need a new run.
    recipients = run.recipient_list.recipients.filter(created_at__lte=run.created_at)
    recipient_ids = list(recipients.order_by("pk").values_list("pk", flat=True))
    mine = {pk: index for index, pk in enumerate(recipient_ids, start=1)
            if (index - 1) % shards == shard and pk not in done_ids}
    todo = list(recipients.filter(pk__in=list(mine)).order_by("pk"))
    if limit is not None:
        todo = todo[:limit]
    made = 0
    try:
        renderer = LetterRunRenderer(run)
        workers = processes if processes is not None else letter_processes()
        with LetterPool(workers if len(todo) > LETTER_BATCH else 1) as pool:
            for start in range(0, len(todo), LETTER_BATCH):
                batch = todo[start:start + LETTER_BATCH]
                numbers = [letter_number(run, mine[r.pk]) for r in batch]
                if renderer.compiled is None:  # a Word template: the general path
                    files = [render_letter_pdf(run=run, recipient=r, number=n)[0]
                             for r, n in zip(batch, numbers, strict=True)]
                else:
                    pages = [renderer.html(recipient=r, number=n)
                             for r, n in zip(batch, numbers, strict=True)]
                    files = pool.map(pages, renderer.css_text)
                made += _store_letters(run, batch, numbers, files)
    except Exception as exc:
        LetterRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000])
        raise
    generated = Letter.objects.filter(run=run).count()
    finished = generated >= len(recipient_ids)
    LetterRun.objects.filter(pk=run.pk).update(
        generated=generated,
        **({"status": RunStatus.DONE, "finished_at": timezone.now()} if finished else {}))
    return made


def _store_letters(run: LetterRun, recipients: list[Recipient], numbers: list[str],
                   files: list[bytes]) -> int:
    """Store one batch of laid-out letters in one transaction; letter by letter when another
    worker stored some of them meanwhile. Returns how many were stored."""
    import hashlib

    letters = [Letter(run=run, recipient=r, number=n, pdf_sha256=hashlib.sha256(d).hexdigest())
               for r, n, d in zip(recipients, numbers, files, strict=True)]
    try:
        with transaction.atomic():
            for letter, data in zip(letters, files, strict=True):
                save_private_file(letter.pdf, folder="prevention/letters", extension="pdf",
                                  data=data)
            for letter in letters:
                letter.save()  # one by one: each creation is in the audit log
            LetterRun.objects.filter(pk=run.pk).update(generated=F("generated") + len(letters))
        return len(letters)
    except IntegrityError:
        for letter in letters:
            discard_file(letter.pdf)
    stored = 0
    for recipient, number, data in zip(recipients, numbers, files, strict=True):
        letter = Letter(run=run, recipient=recipient, number=number,
                        pdf_sha256=hashlib.sha256(data).hexdigest())
        try:
            with transaction.atomic():
                save_private_file(letter.pdf, folder="prevention/letters", extension="pdf",
                                  data=data)
                letter.save()
                LetterRun.objects.filter(pk=run.pk).update(generated=F("generated") + 1)
        except IntegrityError:
            discard_file(letter.pdf)  # another worker made this one meanwhile
            continue
        stored += 1
    return stored


_DATE_FIELD: dict[str, str] = {
    Distribution.SENT: "sent_on",
    Distribution.DELIVERED: "delivered_on",
    Distribution.ACKNOWLEDGED: "acknowledged_on",
}
_ORDER: list[str] = [Distribution.GENERATED, Distribution.SENT, Distribution.DELIVERED,
          Distribution.ACKNOWLEDGED]


def mark_letters(*, actor: AnyUser | None, run: LetterRun, letter_ids: Iterable[int | str],
                 status: str, on: date) -> int:
    """Record that letters were sent, delivered or acknowledged on ``on``. Earlier steps without
    a date get the same date; a letter never goes back to an earlier step. Returns how many
    letters changed."""
    check_changeable(actor, run)
    if status not in _DATE_FIELD:
        raise ValidationError({"status": [_("Choose sent, delivered or acknowledged.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if on < run.letter_date:
        raise ValidationError({"on": [_("The date is before the date of the letter.")]})
    ids = [int(i) for i in letter_ids]
    if not ids:
        raise ValidationError({"letters": [_("Choose at least one letter.")]})
    rank = _ORDER.index(status)
    changed = 0
    with transaction.atomic():
        letters = list(Letter.objects.select_for_update().filter(run=run, pk__in=ids))
        if len(letters) != len(set(ids)):
            raise ValidationError({"letters": [_("Some letters do not belong to this run.")]})
        for letter in letters:
            if _ORDER.index(letter.status) >= rank:
                continue
            fields = ["status", "updated_at"]
            for step in _ORDER[1: rank + 1]:
                name = _DATE_FIELD[step]
                if getattr(letter, name) is None:
                    setattr(letter, name, on)
                    fields.append(name)
            letter.status = status
            letter.save(update_fields=fields)
            changed += 1
    return changed


# --- 3. Banners ------------------------------------------------------------------------------


def add_banner(*, actor: AnyUser | None, office: Organisation, election: Election | None = None,
               village_code: str, title: str, position: str = "", placed_on: date,
               removed_on: date | None = None,
               photo: UploadedFile | None = None) -> BannerPlacement:
    check_office(actor, office)
    check_place(village_code, office, field="village_code", level=4)
    check_dates(placed_on, removed_on, field="removed_on")
    if not (title or "").strip():
        raise ValidationError({"title": [_("Enter what the banner says or shows.")]})
    banner = BannerPlacement(office=office, election=election, region_code=village_code,
                             title=title.strip(), position=position.strip(),
                             placed_on=placed_on, removed_on=removed_on)
    return _save_with_file(banner, photo, policy=PHOTO_POLICY, folder="prevention/banners",
                           field="photo")


# --- 4. Declarations and MoUs ----------------------------------------------------------------


def add_declaration(*, actor: AnyUser | None, office: Organisation,
                    election: Election | None = None, kind: str, signer_name: str,
                    signer_position: str = "", agency: str, signed_on: date,
                    scan: UploadedFile | None = None) -> Declaration:
    check_office(actor, office)
    errors: dict[str, list[str]] = {}
    if kind not in DeclarationKind.values:
        errors["kind"] = [_("Choose a neutrality declaration or an integrity pact.")]
    if not (signer_name or "").strip():
        errors["signer_name"] = [_("Enter who signed.")]
    if not (agency or "").strip():
        errors["agency"] = [_("Enter the agency.")]
    if signed_on and signed_on > timezone.localdate():
        errors["signed_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    row = Declaration(office=office, region_code=office.region_code, election=election,
                      kind=kind, signer_name=signer_name.strip(),
                      signer_position=signer_position.strip(),
                      agency=" ".join(agency.split()), signed_on=signed_on)
    return _save_with_file(row, scan, policy=SCAN_POLICY, folder="prevention/declarations",
                           field="scan")


def add_agreement(*, actor: AnyUser | None, office: Organisation,
                  election: Election | None = None, partner: str, title: str, signed_on: date,
                  valid_until: date | None = None,
                  scan: UploadedFile | None = None) -> Agreement:
    check_office(actor, office)
    check_dates(signed_on, valid_until, field="valid_until")
    if not (partner or "").strip() or not (title or "").strip():
        raise ValidationError({"partner": [_("Enter the partner and the title of the MoU.")]})
    row = Agreement(office=office, region_code=office.region_code, election=election,
                    partner=partner.strip(), title=title.strip(), signed_on=signed_on,
                    valid_until=valid_until)
    return _save_with_file(row, scan, policy=SCAN_POLICY, folder="prevention/agreements",
                           field="scan")


def add_follow_up(*, actor: AnyUser | None, agreement: Agreement, description: str, owner: str,
                  due_on: date) -> FollowUp:
    check_changeable(actor, agreement)
    if not (description or "").strip() or not (owner or "").strip():
        raise ValidationError({"description": [_("Enter the action and who owns it.")]})
    return FollowUp.objects.create(agreement=agreement, description=description.strip(),
                                   owner=owner.strip(), due_on=due_on)


def set_follow_up_status(*, actor: AnyUser | None, follow_up: FollowUp, status: str) -> FollowUp:
    check_changeable(actor, follow_up.agreement)
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    follow_up.status = status
    follow_up.save(update_fields=["status", "updated_at"])
    return follow_up


# --- 5. Cadres -------------------------------------------------------------------------------


def add_cadre(*, actor: AnyUser | None, office: Organisation, election: Election | None = None,
              village_code: str, name: str, phone: str = "",
              email: str = "", training: Activity | None = None, trained_on: date,
              certificate_number: str = "") -> Cadre:
    check_office(actor, office)
    check_place(village_code, office, field="village_code", level=4)
    if not (name or "").strip():
        raise ValidationError({"name": [_("Enter the name.")]})
    if training is not None and actor is not None and not can(
            actor, PreventionAction.VIEW, training):
        raise ValidationError({"training": [_("Choose a training event of your office.")]})
    cadre = Cadre(office=office, election=election, region_code=village_code,
                  name=name.strip(), phone=phone.strip(), email=email.strip(),
                  training=training, trained_on=trained_on,
                  certificate_number=certificate_number.strip())
    cadre.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        cadre.save()
        if not cadre.certificate_number:
            cadre.certificate_number = f"KPP/{cadre.trained_on:%Y}/{cadre.pk:05d}"
            cadre.save(update_fields=["certificate_number"])
    return cadre


def add_cadre_entry(*, actor: AnyUser | None, cadre: Cadre, kind: str, happened_on: date,
                    title: str, description: str = "", place_region_code: str = "") -> CadreEntry:
    check_changeable(actor, cadre)
    errors: dict[str, list[str]] = {}
    if kind not in CadreEntryKind.values:
        errors["kind"] = [_("Choose activity or report.")]
    if happened_on > timezone.localdate():
        errors["happened_on"] = [_("The date cannot be in the future.")]
    if not (title or "").strip():
        errors["title"] = [_("Enter a title.")]
    if place_region_code:
        try:
            check_place(place_region_code, cadre.office, field="place_region_code")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return CadreEntry.objects.create(cadre=cadre, kind=kind, happened_on=happened_on,
                                     title=title.strip(), description=description.strip(),
                                     place_region_code=place_region_code)


def raise_initial_information(*, actor: AnyUser | None, entry: CadreEntry,
                              election_id: int) -> IntakeResult:
    """Send a cadre's report into the case workflow as initial information (informasi awal),
    through the case-intake port; the case number is kept on the report."""
    from netra.cases.choices import CaseKind, Source
    from netra.cases.intake import IntakeRequest, responsible_office, submit_intake

    cadre = entry.cadre
    check_changeable(actor, cadre)
    if entry.kind != CadreEntryKind.REPORT:
        raise ValidationError(_("Only a report can raise initial information."))
    if entry.case_id:
        raise ValidationError(_("This report has already raised initial information."))
    place = entry.place_region_code or cadre.region_code
    office = responsible_office(place)
    request = IntakeRequest(
        election_id=election_id,
        office_id=office.pk if office is not None else cadre.office_id,
        kind=CaseKind.INITIAL_INFO,
        source=Source.CADRE,
        title=entry.title,
        known_date=entry.happened_on,
        description=entry.description,
        incident_date=entry.happened_on,
        place_region_code=place,
        source_object=entry,
    )
    with transaction.atomic():
        # Lock the report: two clicks raise one case.
        if CadreEntry.objects.select_for_update().get(pk=entry.pk).case_id:
            raise ValidationError(_("This report has already raised initial information."))
        try:
            result = submit_intake(request, actor=actor)
        except OutOfScope as exc:
            raise ValidationError(
                _("Only staff who handle cases here (field supervisors, handling staff) can "
                  "raise initial information.")) from exc
        CadreEntry.objects.filter(pk=entry.pk).update(case_id=result.case_id,
                                                      intake_number=result.intake_number)
    entry.case_id = result.case_id
    entry.intake_number = result.intake_number
    return result
