"""Dashboard widget and demo loader of the knowledge app (registered in ``apps.py``)."""

from netra.core.scoping import get_scope

from .permissions import KnowledgeAction


def may_administer(user) -> bool:
    """The catalogue is national reference data: only a national grant of
    ``knowledge.administer`` (Bawaslu RI administrators) edits it."""
    return get_scope(user).is_national(KnowledgeAction.ADMINISTER)


def home_catalogue(request):
    if not may_administer(request.user):
        return None
    from .models import Rule

    return {"rule_count": Rule.objects.count()}


def load_demo_catalogue():
    """Demo loader: the reviewed catalogue (idempotent; the data migration normally has it)."""
    from .services import load_catalogue

    load_catalogue()
    return []
