"""What recipient bodies do with a recommendation: acknowledge, record the sanction, refuse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core.events import publish
from netra.core.exceptions import OutOfScope
from netra.core.scoping import get_scope

from .. import events
from ..choices import RecommendationStatus
from ..models import (
    Recommendation,
    Sanction,
)
from ..workflow import Status
from .common import TransitionNotAllowed, _event_origin, _today
from .letters import sanction_fits, sanction_refusal
from .steps import transition_case

if TYPE_CHECKING:
    from netra.accounts.selectors import User


def _recipient_recommendation(recommendation: Recommendation, actor: User | None) -> Recommendation:
    scope = get_scope(actor)
    if not scope.superuser and recommendation.recipient_id not in scope.organisation_ids(
        CaseAction.RESPOND
    ):
        raise OutOfScope(_("This recommendation was not sent to your organisation."))
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


@transaction.atomic
def acknowledge_recommendation(
    *, recommendation: Recommendation, actor: User | None
) -> Recommendation:
    rec = _recipient_recommendation(recommendation, actor)
    if rec.status != RecommendationStatus.SENT:
        return rec
    rec.status = RecommendationStatus.ACKNOWLEDGED
    rec.acknowledged_at = timezone.now()
    rec.save(update_fields=["status", "acknowledged_at", "updated_at"])
    publish(events.RecommendationAnswered(**_event_origin(rec.case), recommendation_id=rec.pk,
                                          status=rec.status))
    if rec.case.status == Status.FORWARDED:
        transition_case(case=rec.case, transition="acknowledge", actor=actor)
    return rec


@dataclass(frozen=True)
class SanctionInput:
    reported_person_id: int
    sanction_type: str
    decree_number: str
    decree_date: date
    decided_by: str = ""


@transaction.atomic
def record_sanction(
    *,
    recommendation: Recommendation,
    actor: User | None,
    sanctions: list[SanctionInput],
    answer: str = "",
) -> Recommendation:
    """The recipient records the sanction actually imposed (type, decree number and date)."""
    rec = _recipient_recommendation(recommendation, actor)
    if not rec.is_open:
        raise TransitionNotAllowed(_("This recommendation has already been answered."))
    if not sanctions:
        raise ValidationError({"sanctions": [_("Record at least one sanction.")]})
    persons = {p.pk: p for p in rec.case.reported_persons.all()}
    for item in sanctions:
        errors = {}
        if item.reported_person_id not in persons:
            errors["reported_person"] = [_("This person is not part of the case.")]
        if not item.decree_number.strip():
            errors["decree_number"] = [_("The decree number is required.")]
        if item.decree_date > _today():
            errors["decree_date"] = [_("The decree date cannot be in the future.")]
        person = persons.get(item.reported_person_id)
        if person is not None and not sanction_fits(rec.case, person, item.sanction_type,
                                                    item.decree_date or _today()):
            errors["sanction_type"] = [sanction_refusal(person, item.sanction_type)]
        if errors:
            raise ValidationError(errors)
        Sanction.objects.create(
            recommendation=rec, reported_person=persons[item.reported_person_id],
            sanction_type=item.sanction_type, decree_number=item.decree_number.strip(),
            decree_date=item.decree_date, decided_by=item.decided_by.strip(), recorded_by=actor,
        )
    return _answer(rec, actor, RecommendationStatus.SANCTIONED, answer)


@transaction.atomic
def record_refusal(
    *, recommendation: Recommendation, actor: User | None, answer: str
) -> Recommendation:
    rec = _recipient_recommendation(recommendation, actor)
    if not rec.is_open:
        raise TransitionNotAllowed(_("This recommendation has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": [_("Give the reason for refusing.")]})
    return _answer(rec, actor, RecommendationStatus.REFUSED, answer)


def _answer(rec: Recommendation, actor: User | None, status: str, answer: str) -> Recommendation:
    rec.status = status
    rec.answer = answer.strip()
    rec.answered_at = timezone.now()
    if rec.acknowledged_at is None:
        rec.acknowledged_at = rec.answered_at
    rec.save(update_fields=["status", "answer", "answered_at", "acknowledged_at", "updated_at"])
    case = rec.case
    publish(events.RecommendationAnswered(**_event_origin(case), recommendation_id=rec.pk,
                                          status=status))
    if status == RecommendationStatus.SANCTIONED:
        publish(events.SanctionRecorded(**_event_origin(case), recommendation_id=rec.pk))
    others = case.recommendations.exclude(pk=rec.pk)
    if any(o.is_open for o in others):
        return rec
    sanctioned = status == RecommendationStatus.SANCTIONED or others.filter(
        status=RecommendationStatus.SANCTIONED).exists()
    transition_case(
        case=case,
        transition="record_sanction" if sanctioned else "record_refusal",
        actor=actor,
        note=rec.answer or ("" if sanctioned else _("Refused")),
    )
    return rec

