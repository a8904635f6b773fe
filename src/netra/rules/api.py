"""Rules API endpoints (django-ninja): the reference rows in force. Rules are national reference
data, so every signed-in user reads them."""

from datetime import date

from django.utils import timezone
from ninja import Router, Schema

from netra.elections.choices import ElectionKind

from . import selectors
from .models import DeadlineRule

router = Router(tags=["rules"])


class ViolationTypeOut(Schema):
    id: int
    code: str
    name: str
    category: str
    description: str
    election_kinds: list[str]
    subjects: list[str]
    legal_basis: str
    sanction: str
    valid_from: date
    valid_to: date | None
    legal_source: str


class DeadlineRuleOut(Schema):
    id: int
    key: str
    election_kind: str
    case_kind: str
    days: int
    unit: str
    extension_days: int
    extension_unit: str
    valid_from: date
    valid_to: date | None
    legal_source: str


@router.get("/violation-types", response=list[ViolationTypeOut])
def list_violation_types(
    request, election_kind: ElectionKind | None = None, on: date | None = None
):
    """Violation forms of the catalogue, optionally for one election kind and in force on ``on``."""
    return selectors.violation_type_list(
        election_kind=election_kind.value if election_kind else None, on=on
    )


@router.get("/deadlines", response=list[DeadlineRuleOut])
def list_deadline_rules(request, on: date | None = None):
    """Deadline rules in force on ``on`` (today when omitted)."""
    rows = selectors.in_force(DeadlineRule.objects.all(), on or timezone.localdate())
    return rows.order_by("election_kind", "key", "case_kind", "-valid_from")
