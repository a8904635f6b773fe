"""What a recipient body may open of a case recommended to it: the letter and the attachments
the sending office chose, nothing else of the case (issue #15.2).

Supervisors (the case's offices) keep seeing every document and evidence file in their scope;
someone who sees the case only as a recipient sees the items attached to (or, for documents,
the letter of) a recommendation sent to one of their organisations. Used by the existing scoped
download paths (``evidence_get``/``evidence_list``, ``document_get``/``document_list``)."""

from __future__ import annotations

from django.db.models import Q

from netra.cases.permissions import CaseAction
from netra.core.scoping import get_scope

from .models import Case, Recommendation
from .workflow import SUPERVISORS


def recipient_limit_q(user, *, evidence: bool) -> Q:
    """Filter for ``Evidence`` (``evidence=True``) or ``CaseDocument`` rows."""
    scope = get_scope(user)
    if scope.superuser:
        return Q()
    as_supervisor = Q(case__in=Case.objects.visible_to(user, CaseAction.VIEW, SUPERVISORS))
    ids = scope.organisation_ids(CaseAction.RESPOND)
    recs = Recommendation.objects.filter(recipient_id__in=ids)
    if evidence:
        return as_supervisor | Q(pk__in=recs.values("evidence_attachments"))
    return (as_supervisor | Q(pk__in=recs.values("attachments"))
            | Q(pk__in=recs.values("letter")))
