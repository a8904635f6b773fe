"""Reads of the catalogue. It is public reference data: every reader, signed in or not, sees the
same answers, so these selectors take no user.

:func:`rules_for` answers "may this subject do this activity in this election type on this date?"
with the rule in force on that date, and with the legal bases and the recipient body that applied
on that date: a basis or body whose term has ended is replaced by its successor
(``superseded_by``), so a question about 2022 cites UU 5/2014 and KASN, the same question about
2025 cites UU 20/2023 and BKN, and old cases keep the basis that applied then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .choices import ElectionScope, Verdict
from .models import Activity, LegalBasis, RecipientBody, Rule, Sanction, Subject

_MAX_CHAIN = 10


_Versioned = TypeVar("_Versioned", LegalBasis, RecipientBody)


def version_on(obj: _Versioned | None, on: date) -> _Versioned | None:
    """The row itself or its successor in force on ``on``; None when nothing covers the date."""
    seen = 0
    while obj is not None and seen < _MAX_CHAIN:
        if obj.in_force_on(on):
            return obj
        if obj.effective_until is not None and on > obj.effective_until and obj.superseded_by_id:
            obj = obj.superseded_by
            seen += 1
            continue
        return None
    return None


@dataclass(frozen=True)
class SanctionAnswer:
    sanction: Sanction
    basis: LegalBasis | None
    imposed_by: RecipientBody | None


@dataclass(frozen=True)
class Answer:
    """What the checker shows: the verdict and everything that backs it, as of ``on``."""

    rule: Rule
    on: date
    bases: list[LegalBasis] = field(default_factory=list)
    sanctions: list[SanctionAnswer] = field(default_factory=list)
    recipient: RecipientBody | None = None

    @property
    def verdict(self) -> str:
        return self.rule.verdict

    @property
    def is_depends(self) -> bool:
        return self.rule.verdict == Verdict.DEPENDS

    def basis_text(self) -> str:
        """One line naming the bases, e.g. ``UU 7/2017 Pasal 280 ayat (3); PP 94/2021 …``."""
        return "; ".join(str(b) for b in self.bases)


def in_force_q(on: date) -> Q:
    return Q(effective_from__lte=on) & (
        Q(effective_until__isnull=True) | Q(effective_until__gte=on)
    )


def _rules() -> QuerySet[Rule]:
    return Rule.objects.select_related(
        "subject", "activity", "recipient__superseded_by"
    ).prefetch_related(
        Prefetch(
            "legal_bases",
            queryset=LegalBasis.objects.select_related("superseded_by__superseded_by"),
        ),
        Prefetch(
            "sanctions",
            queryset=Sanction.objects.select_related(
                "legal_basis__superseded_by__superseded_by", "imposed_by__superseded_by"
            ),
        ),
    )


def answer_for(rule: Rule, on: date) -> Answer:
    bases: list[LegalBasis] = []
    for basis in rule.legal_bases.all():
        current = version_on(basis, on)
        if current is not None and current not in bases:
            bases.append(current)
    sanctions = [
        SanctionAnswer(s, version_on(s.legal_basis, on), version_on(s.imposed_by, on))
        for s in rule.sanctions.all()
    ]
    return Answer(
        rule=rule, on=on, bases=bases, sanctions=sanctions, recipient=version_on(rule.recipient, on)
    )


def rules_for(
    subject: Subject | str, activity: Activity | str, election_type: str, *, on: date | None = None
) -> Answer | None:
    """The rule in force on ``on`` (default today) for this subject, activity and election type
    (``pemilu`` or ``pilkada``); a rule for exactly that type wins over one for both. None when
    the catalogue has no rule for the combination: the caller says so and never guesses."""
    on = on or timezone.localdate()
    subject_q = Q(subject=subject) if isinstance(subject, Subject) else Q(subject__code=subject)
    activity_q = (
        Q(activity=activity) if isinstance(activity, Activity) else Q(activity__code=activity)
    )
    candidates = list(
        _rules()
        .filter(
            subject_q, activity_q, in_force_q(on), election__in=[election_type, ElectionScope.BOTH]
        )
        .order_by("-effective_from", "-pk")
    )
    exact = [r for r in candidates if r.election == election_type]
    chosen = (exact or candidates)[:1]
    return answer_for(chosen[0], on) if chosen else None


def subject_list() -> list[Subject]:
    return list(Subject.objects.all())


def activity_list() -> list[Activity]:
    return list(Activity.objects.all())


def subject_get(code: str) -> Subject | None:
    return Subject.objects.filter(code=code).first()


def activity_get(code: str) -> Activity | None:
    return Activity.objects.filter(code=code).first()


@dataclass(frozen=True)
class EducationRow:
    activity: Activity
    pemilu: Answer | None
    pilkada: Answer | None

    @property
    def differs(self) -> bool:
        verdict = lambda a: a.verdict if a else None  # noqa: E731
        return verdict(self.pemilu) != verdict(self.pilkada)


def education_for(subject: Subject, *, on: date | None = None) -> list[EducationRow]:
    """Every activity the catalogue rules on for ``subject``, with the Pemilu and Pilkada
    answers side by side (in force on ``on``)."""
    on = on or timezone.localdate()
    rules = list(
        _rules()
        .filter(in_force_q(on), subject=subject)
        .order_by("activity__order", "-effective_from")
    )
    by_activity: dict[int, dict[str, Rule]] = {}
    activities: dict[int, Activity] = {}
    for rule in rules:
        activities[rule.activity_id] = rule.activity
        slot = by_activity.setdefault(rule.activity_id, {})
        slot.setdefault(rule.election, rule)
    rows = []
    for activity_id, found in by_activity.items():

        def pick(kind: str, found: dict[str, Rule] = found) -> Answer | None:
            rule = found.get(kind) or found.get(ElectionScope.BOTH)
            return answer_for(rule, on) if rule else None

        rows.append(
            EducationRow(
                activities[activity_id], pick(ElectionScope.PEMILU), pick(ElectionScope.PILKADA)
            )
        )
    return rows


@dataclass(frozen=True)
class CheckResult:
    """The checker's reply to one question: what it understood and the answer(s).

    ``answers`` holds one (election type, answer-or-None) pair per election type asked about
    (both when the question names none). ``reason`` says why there is no answer: ``subject`` or
    ``activity`` not recognised with enough confidence, or ``""``.
    """

    subject: Subject | None
    activity: Activity | None
    subject_match: object = None
    activity_match: object = None
    answers: tuple[tuple[ElectionScope, Answer | None], ...] = ()
    reason: str = ""
    alternatives: tuple[Activity, ...] = ()

    @property
    def known(self) -> bool:
        return any(answer is not None for _kind, answer in self.answers)


def check_question(
    *,
    question: str = "",
    subject: str | None = None,
    activity: str | None = None,
    election: str | None = None,
    on: date | None = None,
) -> CheckResult:
    """Answer a question: the subject, activity and election type come from the form when
    picked, otherwise from the question text (``matching``); below the confidence threshold
    the result is "not sure" and carries no verdict."""
    from . import matching

    subjects = subject_list()
    activities = activity_list()
    subject_obj = next((s for s in subjects if s.code == subject), None) if subject else None
    subject_match = None
    if subject_obj is None:
        subject_match = matching.match_subject(subject or question, subjects)
        if not subject_match.sure and subject:
            subject_match = matching.match_subject(question, subjects)
        subject_obj = next((s for s in subjects if s.code == subject_match.code), None)
    activity_obj = next((a for a in activities if a.code == activity), None) if activity else None
    activity_match = None
    alternatives: tuple[Activity, ...] = ()
    if activity_obj is None:
        activity_match = matching.match_activity(question, activities)
        activity_obj = next((a for a in activities if a.code == activity_match.code), None)
        by_code = {a.code: a for a in activities}
        alternatives = tuple(by_code[c.code] for c in activity_match.others if c.code in by_code)
    if election not in (ElectionScope.PEMILU, ElectionScope.PILKADA):
        election = matching.detect_election(question)
    kinds = [election] if election else [ElectionScope.PEMILU, ElectionScope.PILKADA]
    reason = ""
    answers: tuple[tuple[ElectionScope, Answer | None], ...] = ()
    if activity_obj is None:  # say first what matters most: we did not get the question
        reason = "activity"
    elif subject_obj is None:
        reason = "subject"
    else:
        answers = tuple(
            (ElectionScope(kind), rules_for(subject_obj, activity_obj, kind, on=on))
            for kind in kinds
        )
    return CheckResult(
        subject_obj, activity_obj, subject_match, activity_match, answers, reason, alternatives
    )
