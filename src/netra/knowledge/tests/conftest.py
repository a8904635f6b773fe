import pytest


@pytest.fixture(autouse=True)
def catalogue(db):
    """The reviewed catalogue (shipped by a data migration; re-loaded after a transactional
    test's flush removed it)."""
    from netra.knowledge.services import ensure_catalogue

    ensure_catalogue()
