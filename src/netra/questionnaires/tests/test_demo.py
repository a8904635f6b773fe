"""The constructed demo reproduces the Bone Bolango study's published percentages."""

import pytest

from netra.questionnaires import selectors
from netra.questionnaires.demo import load_demo_questionnaire
from netra.questionnaires.models import Questionnaire, Response

PUBLISHED = [(80.0, 24.0), (92.0, 30.0), (95.0, 19.0), (90.0, 2.8)]


def test_demo_reproduces_published_figures(org_factory):
    org_factory("36.73")
    questionnaire = load_demo_questionnaire()
    assert "BUKAN JAWABAN ASLI" in questionnaire.description
    assert "NOT THE ORIGINAL RESPONSES" in questionnaire.description
    pre, post = selectors.default_pair(selectors.wave_list(questionnaire=questionnaire))
    result = selectors.pair_results(pre=pre, post=post)
    assert result.paired_count == 500
    figures = [(round(q.before.percent, 1), round(q.after.percent, 1)) for q in result.questions]
    assert figures == PUBLISHED
    for question in result.questions:
        assert question.paired_binary.method == "chi2"
        assert question.paired_binary.p_value < 0.001
    # Idempotent: a second run adds nothing.
    assert load_demo_questionnaire().pk == questionnaire.pk
    assert Questionnaire.objects.count() == 1
    assert Response.objects.count() == 1000


@pytest.mark.django_db
def test_demo_needs_the_demo_office():
    assert load_demo_questionnaire() is None


def test_dashboard_shows_the_demo_figures(client, member):
    user = member("analyst", "36.73", kind="bawaslu_regency")
    load_demo_questionnaire()
    from netra.questionnaires.selectors import dashboard_chart

    chart = dashboard_chart(user)
    assert [s.values for s in chart.series] == [(80.0, 92.0, 95.0, 90.0), (24.0, 30.0, 19.0, 2.8)]
    client.force_login(user)
    assert "data contoh" in client.get("/").content.decode()
    outsider = member("analyst", "36.04")
    assert dashboard_chart(outsider) is None
