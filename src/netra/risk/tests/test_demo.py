"""The demo loader computes the Banten index from constructed values and opens Serang's
evaluation."""

from netra.accounts.models import Membership
from netra.cases.tests.factories import PemiluFactory
from netra.core.demo import load_demo_data
from netra.risk.models import Evaluation, IndexMethod, IndexScore


def test_demo_loader_computes_the_index(db, org_factory, django_user_model, regions):
    ri = org_factory("")
    org_factory("36.73")
    admin = django_user_model.objects.create_user(username="admin.ri", password="x-12345678901")
    Membership.objects.create(user=admin, organisation=ri, role="administrator")
    PemiluFactory(name="Pemilu 2024")
    load_demo_data(only=["risk"])
    load_demo_data(only=["risk"])  # idempotent
    method = IndexMethod.objects.get()
    assert method.is_frozen
    scores = dict(IndexScore.objects.values_list("region_code", "score"))
    # only Kota Serang and Kabupaten Serang are in the test tree: both have every imported value
    assert set(scores) == {"36.73", "36.04"}
    assert scores["36.73"] > scores["36.04"]
    evaluation = Evaluation.objects.get()
    assert evaluation.scores.exclude(score=None).count() == 5
    assert evaluation.actions.count() == 1
