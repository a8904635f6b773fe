"""Hits raised with an active classifier: its label decides, as ``evaluate`` measures it."""

import pytest

from netra.monitoring import detection, services
from netra.monitoring.models import Hit

from .factories import CAMPAIGN, account, interaction, post
from .test_detection import TRAIN

pytestmark = pytest.mark.django_db

# Labelled none by the classifier trained on TRAIN, yet P(partisan) is above 0.5 (three balanced
# classes put about a third on each): the old rule "partisan >= 0.5" raised a hit for it.
NEWS_NAMING_A_CANDIDATE = "Sandiaga kunjungi pasar di Serang"


@pytest.fixture
def active_model(monkeypatch):
    texts, labels = zip(*TRAIN, strict=True)
    loaded = services.LoadedClassifier(1, detection.train(texts, labels), frozenset())
    monkeypatch.setattr(services, "active_classifier", lambda: loaded)
    return loaded


def test_only_posts_the_classifier_labels_with_a_side_raise_hits(w, active_model):
    [news] = detection.predict(active_model.pipeline, [NEWS_NAMING_A_CANDIDATE])
    assert news.label == "none"
    assert news.partisan > services.HIT_THRESHOLD
    acc = account()
    interaction(acc, post(post_id="1", text=CAMPAIGN))
    interaction(acc, post(post_id="2", text=NEWS_NAMING_A_CANDIDATE))
    assert services.detect_hits() == 1
    hit = Hit.objects.get()
    assert hit.post.post_id == "1"
    assert hit.side == "01"
    assert hit.explanation["method"] == "model v1"
    assert hit.explanation["features"]
