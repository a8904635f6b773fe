"""Changes of state in monitoring: hits from ingested interactions, triage decisions (confirm
through the case-intake port, dismiss), training labels and classifier versions."""

from __future__ import annotations

import hashlib
import io
import pickle  # noqa: S403 - only our own pipeline files, checked against their SHA-256
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.choices import CaseKind, Source
from netra.cases.intake import (
    EvidenceInput,
    IntakeRequest,
    PersonInput,
    responsible_office,
    submit_intake,
)
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can
from netra.core.typing import AnyUser
from netra.files.storage import discard_file, save_private_file
from netra.rules.choices import EmploymentType

from . import detection
from .choices import NONE_LABEL, HitStatus, HolderKind, LabelSource
from .models import (
    ClassifierModel,
    Hit,
    Interaction,
    LexiconEntry,
    MonitoredAccount,
    Post,
    TrainingLabel,
)
from .permissions import MonitoringAction

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from netra.accounts.selectors import User
    from netra.cases.events import CaseStepTaken
    from netra.imports.models import ImportJob

# A post scoring at least this (rule score or the classifier's partisan probability) and taking a
# side raises a hit for every registered account that posted or interacted with it.
HIT_THRESHOLD = 0.5
MIN_TRAINING_LABELS = 20


def lexicon_terms() -> tuple[detection.Term, ...]:
    """The active lexicon held in Netra, or the shipped default when Netra holds none."""
    rows = LexiconEntry.objects.filter(active=True).values_list("term", "kind", "side", "weight")
    terms = tuple(detection.Term(*row) for row in rows)
    return terms or detection.default_lexicon()


# --- classifier versions ----------------------------------------------------------------------


@dataclass
class LoadedClassifier:
    version: int
    pipeline: object
    training_hashes: frozenset[str]


def text_hash(text: str) -> str:
    return hashlib.sha256(detection.normalise(text).text.encode()).hexdigest()


_cache: dict[tuple[int, str], LoadedClassifier] = {}


def active_classifier() -> LoadedClassifier | None:
    """The active classifier version, unpickled after its SHA-256 is checked (cached)."""
    row = ClassifierModel.objects.filter(active=True).order_by("-version").first()
    if row is None or not row.file:
        return None
    key = (row.version, row.sha256)
    if key not in _cache:
        with row.file.open("rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise ValidationError(_("The stored classifier file does not match its SHA-256."))
        bundle = pickle.loads(data)  # noqa: S301 - our own file, integrity checked above
        _cache[key] = LoadedClassifier(row.version, bundle["pipeline"],
                                       frozenset(bundle["training_hashes"]))
    return _cache[key]


@transaction.atomic
def train_classifier(*, actor: AnyUser | None = None, params: dict[str, Any] | None = None,
                     texts: list[str] | None = None,
                     labels: list[str] | None = None) -> ClassifierModel:
    """Train a new classifier version from the training labels held in Netra (or the given
    texts), evaluate it by 5-fold cross-validation beside the majority and lexicon baselines,
    store the pickled pipeline privately with its SHA-256 and make it the active version."""
    if texts is None or labels is None:
        pairs = list(TrainingLabel.objects.values_list("text", "label"))
        texts, labels = [t for t, _l in pairs], [lab for _t, lab in pairs]
    if len(texts) < MIN_TRAINING_LABELS or len(set(labels)) < 2:
        raise ValidationError(
            _("Training needs at least %(count)s labelled posts with two different labels.")
            % {"count": MIN_TRAINING_LABELS}
        )
    lexicon = lexicon_terms()
    evaluation: dict[str, Any] = {}
    folds = min(5, min(labels.count(lab) for lab in set(labels)))
    if folds >= 2:
        results = detection.cross_validate(texts, labels, folds=folds, lexicon=lexicon,
                                           params=params)
        evaluation = {name: result.as_dict() for name, result in results.items()}
        evaluation["folds"] = folds
    pipeline = detection.train(texts, labels, lexicon=lexicon, params=params)
    buffer = io.BytesIO()
    pickle.dump({"pipeline": pipeline, "training_hashes": sorted({text_hash(t) for t in texts})},
                buffer)
    data = buffer.getvalue()
    version = (ClassifierModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    row = ClassifierModel(
        version=version,
        trained_at=timezone.now(),
        params={**detection.DEFAULT_PARAMS, **(params or {})},
        evaluation=evaluation,
        label_count=len(texts),
        sha256=hashlib.sha256(data).hexdigest(),
        active=True,
    )
    save_private_file(row.file, folder="monitoring/models", extension="pkl", data=data)
    try:
        ClassifierModel.objects.filter(active=True).update(active=False)
        row.save()
    except Exception:
        discard_file(row.file)
        raise
    return row


# --- scoring and hits -------------------------------------------------------------------------


@dataclass
class Score:
    score: float
    side: str
    explanation: dict[str, Any]


def score_texts(texts: list[str]) -> list[Score]:
    """Score posts: lexicon terms always; the active classifier's partisan probability and its
    top features when a version is active, otherwise the rule score."""
    lexicon = lexicon_terms()
    rules = [detection.rule_score(text, lexicon) for text in texts]
    model = active_classifier()
    predictions = detection.predict(model.pipeline, texts) if model else None
    scores: list[Score] = []
    for i, rule in enumerate(rules):
        explanation: dict[str, Any] = {"terms": rule.matches, "rule_score": rule.score}
        if model is not None and predictions is not None:
            prediction = predictions[i]
            explanation.update(method=f"model v{model.version}", features=prediction.features,
                               label=prediction.label)
            # The classifier's label decides (a side, or none: no hit), as `evaluate` measures
            # it; P(partisan) >= 0.5 alone flagged most none posts (docs/monitoring.md).
            scores.append(Score(prediction.partisan, prediction.label, explanation))
        else:
            explanation.update(method="rules")
            scores.append(Score(rule.score, rule.side, explanation))
    return scores


def detect_hits(*, batch_size: int = 2000) -> int:
    """Raise hits for unchecked interactions of registered accounts whose post scores as
    campaign content; return how many hits are new. An interaction is checked once its post
    (with text) is known; re-running adds nothing twice (a hit is unique per account, post and
    interaction type)."""
    created = 0
    last = 0
    while True:
        ids = list(
            Interaction.objects.filter(account__isnull=False, checked=False, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return created
        last = ids[-1]
        with transaction.atomic():
            new, checked = _detect_batch(ids)
            created += new
            Interaction.objects.filter(pk__in=checked).update(checked=True)


def _detect_batch(interaction_ids: list[int]) -> tuple[int, list[int]]:
    interactions = list(
        Interaction.objects.filter(pk__in=interaction_ids, account__active=True)
        .select_related("account")
    )
    keys = {(i.platform, i.post_id) for i in interactions}
    posts = {
        (p.platform, p.post_id): p
        for p in Post.objects.filter(post_id__in={k[1] for k in keys}).exclude(text="")
        if (p.platform, p.post_id) in keys
    }
    unique_posts = list(posts.values())
    scores = dict(zip((p.pk for p in unique_posts),
                      score_texts([p.text for p in unique_posts]), strict=True))
    hits = []
    checked = []
    for interaction in interactions:
        post = posts.get((interaction.platform, interaction.post_id))
        account = interaction.account  # never None: the query asked for an active account
        if post is None or account is None:
            continue  # the post's text is not imported yet: checked when it is
        checked.append(interaction.pk)
        score = scores[post.pk]
        if score.score < HIT_THRESHOLD or score.side == NONE_LABEL:
            continue
        hits.append(
            Hit(
                account=account,
                post=post,
                interaction_type=interaction.interaction_type,
                occurred_at=interaction.occurred_at or post.posted_at,
                score=round(score.score, 4),
                side=score.side if score.side != NONE_LABEL else "",
                explanation=score.explanation,
                region_code=account.region_code,
            )
        )
    before = Hit.objects.count()
    Hit.objects.bulk_create(hits, ignore_conflicts=True)
    return Hit.objects.count() - before, checked


def link_accounts() -> int:
    """Attach interactions imported before their account was registered; returns how many.
    One ``UPDATE`` over the unlinked interactions (it used to be one per registered account,
    each scanning the whole table: hours for 10,000 accounts and a million interactions)."""
    account = MonitoredAccount.objects.filter(
        active=True, platform=OuterRef("platform"), handle=OuterRef("actor_handle")
    )
    return Interaction.objects.filter(Exists(account), account__isnull=True).update(
        account=Subquery(account.values("pk")[:1]), checked=False
    )


# --- triage -----------------------------------------------------------------------------------


def _check_triage(actor: AnyUser, hit: Hit) -> None:
    if not can(actor, MonitoringAction.TRIAGE, hit):
        raise OutOfScope
    if hit.status != HitStatus.NEW:
        raise ValidationError(_("This hit has already been decided."))


def evidence_snapshot(hit: Hit) -> bytes:
    """A plain-text snapshot of the post as seen by Netra: platform, URL, time, account, text."""
    post = hit.post
    lines = [
        _("Social-media evidence snapshot (Netra)"),
        f"{_('Platform')}: {post.get_platform_display()}",
        f"{_('Post id')}: {post.post_id}",
        f"{_('URL')}: {post.url or '-'}",
        f"{_('Posted at')}: {post.posted_at.isoformat() if post.posted_at else '-'}",
        f"{_('Author')}: @{post.author_handle or '-'}",
        f"{_('Account')}: @{hit.account.handle} ({hit.account.holder})",
        f"{_('Interaction')}: {hit.get_interaction_type_display()}",
        f"{_('Interaction time')}: {hit.occurred_at.isoformat() if hit.occurred_at else '-'}",
        f"{_('Captured at')}: {timezone.now().isoformat()}",
        "",
        post.text,
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _person(account: MonitoredAccount) -> PersonInput:
    if account.holder_kind == HolderKind.INSTITUTION:
        return PersonInput(employment_type=account.employment_type or EmploymentType.OTHER,
                           position=_("Holder of the official account"),
                           agency=account.institution_name or account.agency,
                           name="")
    return PersonInput(employment_type=account.employment_type or EmploymentType.OTHER,
                       position=account.position, agency=account.agency,
                       name=account.person_name)


@transaction.atomic
def confirm_hit(*, hit: Hit, actor: User, election_id: int, kind: str = CaseKind.INITIAL_INFO,
                note: str = "", screenshot: UploadedFile | None = None,
                today: date | None = None) -> Hit:
    """Confirm a hit: open initial information or a finding through the case-intake port with
    an evidence snapshot (text, URL, time, SHA-256) and the optional screenshot, record the
    decision and a training label for the hit's side."""
    hit = Hit.objects.select_for_update().select_related("account", "post").get(pk=hit.pk)
    _check_triage(actor, hit)
    if kind not in (CaseKind.INITIAL_INFO, CaseKind.FINDING):
        raise ValidationError({"kind": [_("Choose initial information or a finding.")]})
    account = hit.account
    office = account.office if account.office_id else responsible_office(account.region_code)
    if office is None:
        raise ValidationError(_("No supervisory office covers the account's region."))
    snapshot = evidence_snapshot(hit)
    sha256 = hashlib.sha256(snapshot).hexdigest()
    evidence = [EvidenceInput(
        file=ContentFile(snapshot, name=f"snapshot-{hit.post.platform}-{hit.post.post_id}.txt"),
        description=_("Snapshot of the post, SHA-256 %(sha)s") % {"sha": sha256},
    )]
    if screenshot is not None:
        evidence.append(EvidenceInput(file=screenshot, description=_("Screenshot")))
    known = today or timezone.localdate()
    incident = timezone.localdate(hit.occurred_at) if hit.occurred_at else None
    description = _(
        "Social-media monitoring: the account @%(handle)s (%(holder)s) %(interaction)s a post "
        "scored %(score)s as campaign content. Post: %(url)s"
    ) % {"handle": account.handle, "holder": account.holder,
         "interaction": hit.get_interaction_type_display().lower(), "score": f"{hit.score:.2f}",
         "url": hit.post.url or hit.post.post_id}
    if note:
        description += "\n\n" + note
    result = submit_intake(
        IntakeRequest(
            election_id=election_id,
            office_id=office.pk,
            kind=kind,
            source=Source.SOCIAL_MEDIA,
            title=_("Campaign content on social media: @%(handle)s") % {"handle": account.handle},
            known_date=known,
            incident_date=incident if incident and incident <= known else None,
            description=description,
            place_region_code=account.region_code,
            reported_persons=[_person(account)],
            evidence=evidence,
            source_object=hit,
        ),
        actor=actor,
    )
    hit.status = HitStatus.CONFIRMED
    hit.reason = note
    hit.decided_by = actor
    hit.decided_at = timezone.now()
    hit.case_id = result.case_id
    hit.intake_number = result.intake_number
    hit.evidence_sha256 = sha256
    hit.save(update_fields=["status", "reason", "decided_by", "decided_at", "case_id",
                            "intake_number", "evidence_sha256", "updated_at"])
    _label(hit, hit.side or detection.rule_score(hit.post.text, lexicon_terms()).side,
           LabelSource.TRIAGE, actor)
    return hit


@transaction.atomic
def dismiss_hit(*, hit: Hit, actor: User, reason: str) -> Hit:
    """Dismiss a hit with a reason; it becomes a ``none`` training label."""
    hit = Hit.objects.select_for_update().select_related("post").get(pk=hit.pk)
    _check_triage(actor, hit)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give a reason for dismissing the hit.")]})
    hit.status = HitStatus.DISMISSED
    hit.reason = reason.strip()
    hit.decided_by = actor
    hit.decided_at = timezone.now()
    hit.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    _label(hit, NONE_LABEL, LabelSource.TRIAGE, actor)
    return hit


def _label(hit: Hit, label: str, source: str, actor: User | None) -> TrainingLabel:
    label = label or NONE_LABEL
    row, _created = TrainingLabel.objects.update_or_create(
        hit=hit,
        defaults={"text": hit.post.text, "label": label, "source": source, "created_by": actor},
    )
    return row


# Case outcomes that prove or dismiss a confirmed hit (status slugs of cases.workflow).
PROVEN_STATUSES = frozenset({"violation", "forwarded", "sanction_imposed"})
DISMISSED_STATUSES = frozenset({"dropped", "not_registered", "no_violation", "not_followed_up"})


def record_case_outcome(*, hit_id: int, to_status: str) -> TrainingLabel | None:
    """A case raised from a hit was proven or dismissed later: its training label follows."""
    if to_status not in PROVEN_STATUSES | DISMISSED_STATUSES:
        return None
    hit = Hit.objects.select_related("post").filter(pk=hit_id).first()
    if hit is None:
        return None
    if to_status in PROVEN_STATUSES:
        label = hit.side or detection.rule_score(hit.post.text, lexicon_terms()).side
    else:
        label = NONE_LABEL
    return _label(hit, label, LabelSource.CASE, None)


def on_case_step(event: CaseStepTaken) -> None:
    """``CaseStepTaken`` subscriber (registered in ``apps.py``)."""
    if event.source_type != Hit._meta.label_lower or not event.source_id:
        return
    record_case_outcome(hit_id=int(event.source_id), to_status=event.to_status)


# --- lexicon and imports ----------------------------------------------------------------------


def _check_change(actor: AnyUser) -> None:
    from netra.core.scoping import may

    if not may(actor, MonitoringAction.CHANGE):
        raise OutOfScope


@transaction.atomic
def add_lexicon_entry(*, actor: AnyUser, term: str, kind: str, side: str = "",
                      weight: float = 1.0) -> LexiconEntry:
    """Add a term to the election lexicon (managed by holders of ``monitoring.change``)."""
    _check_change(actor)
    term = (term or "").strip()
    if not term:
        raise ValidationError({"term": [_("Enter a term.")]})
    if LexiconEntry.objects.filter(term__iexact=term, kind=kind, side=side.strip()).exists():
        raise ValidationError({"term": [_("This term is already in the lexicon.")]})
    return LexiconEntry.objects.create(term=term, kind=kind, side=side.strip(), weight=weight)


@transaction.atomic
def set_lexicon_entry_active(*, actor: AnyUser, entry: LexiconEntry,
                             active: bool) -> LexiconEntry:
    _check_change(actor)
    entry.active = active
    entry.save(update_fields=["active", "updated_at"])
    return entry


def seed_default_lexicon() -> int:
    """Put the shipped Pilpres 2019 lexicon into Netra when it holds none (demo, first run)."""
    if LexiconEntry.objects.exists():
        return 0
    LexiconEntry.objects.bulk_create(
        [LexiconEntry(term=t.term, kind=t.kind, side=t.side, weight=t.weight)
         for t in detection.default_lexicon()],
        ignore_conflicts=True,
    )
    return LexiconEntry.objects.count()


def start_monitoring_import(*, importer_key: str, file: UploadedFile | BinaryIO,
                            actor: AnyUser) -> ImportJob:
    """Start an import job; a JSON file (Netra's schema or X API v2) is converted to Netra's
    CSV schema first, so it runs as an ordinary job with progress and a row report."""
    from netra.imports.services import start_import

    from .adapters import json_to_csv

    head = file.read(64)
    file.seek(0)
    if head.lstrip()[:1] in (b"{", b"["):
        if importer_key != "monitoring.interactions":
            raise ValidationError({"file": [_("Only posts and interactions can come as JSON.")]})
        converted = json_to_csv(file.read(), name=getattr(file, "name", "import.json"))
        return start_import(importer_key, file=converted, actor=actor)
    return start_import(importer_key, file=file, actor=actor)
