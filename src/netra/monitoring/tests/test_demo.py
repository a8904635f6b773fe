import pytest

from netra.monitoring import demo
from netra.monitoring.models import Hit, Interaction, MonitoredAccount

pytestmark = pytest.mark.django_db


def test_demo_loader_raises_hits_and_is_idempotent(w):
    demo.load()
    counts = (MonitoredAccount.objects.count(), Interaction.objects.count(), Hit.objects.count())
    assert counts[0] == len(demo.ACCOUNTS)
    assert counts[2] >= 4
    assert not Hit.objects.filter(post__post_id__in=["dm-1003", "dm-1006"]).exists()
    demo.load()
    assert (MonitoredAccount.objects.count(), Interaction.objects.count(),
            Hit.objects.count()) == counts
