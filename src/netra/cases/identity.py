"""Who may see reporter and witness identity (identitas pelapor dan saksi): the one policy.

ADR 0004. Identity is revealed only to active members of the case's **current handling office**
(``case.office``) whose role is handling staff, commissioner or field supervisor (members of a
Panwascam or PKD handle their own cases as field supervisors), and who have not declared a
conflict of interest on the case. Nobody else, whatever their reach: not administrators, not
higher offices by region (a province commissioner), analysts, prevention staff, recipient bodies
or superusers. After a handover the new office sees it and the old one no longer does.

Every place that shows identity asks here: the case page and the API detail through
:func:`reveal_identity` (which writes the audit entry), documents that carry identity through
:func:`identity_cases`. Reported persons' names on the case page follow the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from netra.accounts.roles import Role
from netra.core.audit import record_access
from netra.core.scoping import get_scope

from .models import Case, ConflictDeclaration, Reporter, Witness

IDENTITY_ROLES = frozenset({Role.HANDLING_STAFF, Role.COMMISSIONER, Role.FIELD_SUPERVISOR})


def _office_ids(user) -> set[int]:
    """Organisations where the user holds an identity role (active memberships only)."""
    return {
        g.organisation_id for g in get_scope(user).grants
        if g.role in IDENTITY_ROLES and g.supervisory
    }


def identity_cases(user, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases (of ``queryset``, default all) whose identity ``user`` may see: the queryset
    form of :func:`may_reveal_identity`, for lists and document filters."""
    qs = queryset if queryset is not None else Case.objects.all()
    ids = _office_ids(user)
    if not ids:
        return qs.none()
    conflicts = ConflictDeclaration.objects.filter(user=user, is_active=True).values("case_id")
    return qs.filter(office_id__in=ids).exclude(pk__in=conflicts)


def may_reveal_identity(user, case: Case) -> bool:
    """Whether ``user`` may see the identity of ``case``'s reporters and witnesses."""
    if case.office_id not in _office_ids(user):
        return False
    return not ConflictDeclaration.objects.filter(case=case, user=user, is_active=True).exists()


@dataclass
class RevealedIdentity:
    reporters: list[Reporter] = field(default_factory=list)
    witnesses: list[Witness] = field(default_factory=list)


def reveal_identity(*, user, case: Case, channel: str) -> RevealedIdentity | None:
    """The case's reporters and witnesses for ``user``, or None when the policy refuses.

    Each reveal of a recorded identity is written to the audit trail (an ACCESS entry on the
    case with the channel, e.g. "web" or "api"); nothing identifying goes into the entry."""
    if not may_reveal_identity(user, case):
        return None
    revealed = RevealedIdentity(
        reporters=list(case.reporters.order_by("pk")),
        witnesses=list(case.witnesses.order_by("pk")),
    )
    if revealed.reporters or revealed.witnesses:
        record_reveal(user=user, case=case, channel=channel)
    return revealed


def record_reveal(*, user, case: Case, channel: str, document_id: int | None = None) -> None:
    """Audit one reveal: who (actor), when (timestamp), which case, through which channel."""
    data: dict = {"identity_reveal": channel}
    if document_id is not None:
        data["document_id"] = document_id
    record_access(case, actor=user, **data)
