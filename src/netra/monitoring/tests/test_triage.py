"""Triage: the queue, confirm through the case-intake port (exactly one case, with evidence),
dismiss with a reason, training labels, case outcomes as labels, and scope (404 elsewhere)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netra.cases import selectors as case_selectors
from netra.cases.choices import Source
from netra.cases.models import Case, Evidence
from netra.cases.services import transition_case
from netra.monitoring import services
from netra.monitoring.models import Hit, TrainingLabel

from .factories import NEUTRAL, account, interaction, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def hit(w):
    acc = account(office=w.serang)
    interaction(acc, post())
    assert services.detect_hits() == 1
    return Hit.objects.get()


@pytest.fixture
def other_hit(w):
    acc = account(handle="camat_cinangka", region="36.04.01", agency="Pemkab Serang")
    interaction(acc, post(post_id="2002"), kind="share")
    services.detect_hits()
    return Hit.objects.get(account=acc)


def test_queue_ranks_filters_and_hides_other_regencies(client, w, hit, other_hit):
    weak = Hit.objects.create(account=hit.account, post=post(post_id="3003"),
                              interaction_type="comment", score=0.55, region_code="36.73.01.1002",
                              occurred_at=hit.occurred_at)
    client.force_login(w.handler)
    response = client.get(reverse("monitoring:hit_list"))
    assert response.status_code == 200
    listed = list(response.context["object_list"])
    assert listed == [hit, weak]  # ranked by score; Kabupaten Serang's hit is not there
    response = client.get(reverse("monitoring:hit_list"), {"agency": "nothing", "status": "new"})
    assert list(response.context["object_list"]) == []
    week = hit.occurred_at.strftime("%G-W%V")
    response = client.get(reverse("monitoring:hit_list"), {"week": week, "region": "36.73",
                                                           "status": "new"})
    assert hit in response.context["object_list"]
    response = client.get(reverse("monitoring:hit_list"), {"week": "2019-W01", "status": "new"})
    assert list(response.context["object_list"]) == []


def test_other_regency_hit_answers_404(client, w, other_hit):
    client.force_login(w.handler)
    assert client.get(reverse("monitoring:hit_detail", args=[other_hit.pk])).status_code == 404
    response = client.post(reverse("monitoring:hit_dismiss", args=[other_hit.pk]),
                           {"reason": "x"})
    assert response.status_code == 404
    other_hit.refresh_from_db()
    assert other_hit.status == "new"


def test_confirm_creates_exactly_one_case_through_the_port_with_evidence(client, w, hit):
    client.force_login(w.handler)
    page = client.get(reverse("monitoring:hit_detail", args=[hit.pk]))
    assert page.status_code == 200
    assert "#JokowiLagi" in page.content.decode()
    response = client.post(reverse("monitoring:hit_confirm", args=[hit.pk]), {
        "election": w.pemilu.pk, "kind": "finding", "note": "Like seen on 1 Sept.",
        "screenshot": SimpleUploadedFile("shot.png", PNG, content_type="image/png"),
    })
    assert response.status_code == 302
    hit.refresh_from_db()
    case = Case.objects.get()
    assert (hit.status, hit.case_id, hit.intake_number) == ("confirmed", case.pk,
                                                           case.intake_number)
    assert case.source == Source.SOCIAL_MEDIA
    assert case.kind == "finding"
    assert case.source_object == hit
    assert case.office == w.serang
    evidence = list(Evidence.objects.filter(case=case).order_by("pk"))
    assert len(evidence) == 2
    snapshot = evidence[0].file.read()
    assert hashlib.sha256(snapshot).hexdigest() == hit.evidence_sha256
    assert b"https://x.com/timses01/status/1001" in snapshot
    assert hit.post.text.encode() in snapshot
    summary = case_selectors.source_case_summary(hit)
    assert summary.case_id == case.pk
    label = TrainingLabel.objects.get(hit=hit)
    assert (label.label, label.source) == ("01", "triage")
    # a second confirm is refused; still one case
    response = client.post(reverse("monitoring:hit_confirm", args=[hit.pk]),
                           {"election": w.pemilu.pk, "kind": "finding"})
    assert response.status_code == 400
    assert Case.objects.count() == 1


def test_confirm_needs_the_triage_action(client, w, hit):
    client.force_login(w.analyst)  # sees monitoring, may not triage
    assert client.get(reverse("monitoring:hit_detail", args=[hit.pk])).status_code == 200
    response = client.post(reverse("monitoring:hit_confirm", args=[hit.pk]),
                           {"election": w.pemilu.pk, "kind": "finding"})
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_dismiss_needs_a_reason_and_becomes_a_none_label(client, w, hit):
    client.force_login(w.handler)
    url = reverse("monitoring:hit_dismiss", args=[hit.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Satire account, not support"}).status_code == 302
    hit.refresh_from_db()
    assert (hit.status, hit.reason, hit.decided_by) == ("dismissed",
                                                       "Satire account, not support", w.handler)
    assert TrainingLabel.objects.get(hit=hit).label == "none"


def test_a_dropped_case_turns_the_label_to_none(w, hit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_hit(hit=hit, actor=w.handler, election_id=w.pemilu.pk)
    assert TrainingLabel.objects.get(hit=hit).label == "01"
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        transition_case(case=case, transition="drop", actor=w.commissioner,
                        note="Not a civil servant's account")
    label = TrainingLabel.objects.get(hit=hit)
    assert (label.label, label.source) == ("none", "case")


def test_neutral_posts_raise_no_hit(w):
    acc = account()
    interaction(acc, post(post_id="9", text=NEUTRAL), kind="share")
    assert services.detect_hits() == 0
    assert services.detect_hits() == 0  # checked once


def test_dashboard_and_other_pages(client, w, hit):
    client.force_login(w.handler)
    for name in ("dashboard", "account_list", "lexicon", "import"):
        assert client.get(reverse(f"monitoring:{name}")).status_code == 200, name
    png = client.get(reverse("monitoring:dashboard"), {"chart": "monitoring-agency",
                                                       "format": "png"})
    assert png["Content-Type"] == "image/png"
    client.force_login(w.bkn_officer)
    assert client.get(reverse("monitoring:hit_list")).status_code == 404


def test_import_page_starts_a_job(client, w):
    client.force_login(w.handler)
    upload = SimpleUploadedFile(
        "akun.csv", b"platform,handle,nama,kode wilayah\ntwitter,lurah_x,Ani,36.73.01\n")
    response = client.post(reverse("monitoring:import"),
                           {"kind": "monitoring.accounts", "file": upload})
    assert response.status_code == 302
    assert "/imports/" in response["Location"]
    bad = SimpleUploadedFile("x.json", b'{"items": 3}')
    response = client.post(reverse("monitoring:import"),
                           {"kind": "monitoring.interactions", "file": bad})
    assert response.status_code == 400


def test_lexicon_management(client, w):
    client.force_login(w.handler)
    url = reverse("monitoring:lexicon")
    assert client.post(url, {"term": "#AyoCoblos03", "kind": "hashtag", "side": "03",
                             "weight": "2"}).status_code == 302
    assert client.post(url, {"term": "#ayocoblos03", "kind": "hashtag", "side": "03",
                             "weight": "2"}).status_code == 400
    client.force_login(w.analyst)
    assert client.post(url, {"term": "x", "kind": "hashtag", "weight": "1"}).status_code == 404


def test_queue_query_count_does_not_grow_with_hits(client, w, django_assert_max_num_queries):
    acc = account()
    for i in range(30):
        interaction(acc, post(post_id=f"q{i}"))
    services.detect_hits()
    assert Hit.objects.count() == 30
    client.force_login(w.handler)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:hit_list"))
    assert len(response.context["object_list"]) == 30


def test_the_import_tab_shows_only_to_those_who_may_import(client, w):
    """A link is drawn only for those the view behind it lets in (the analyst used to see the
    Import tab and get a 404)."""
    import_url = reverse("monitoring:import")
    client.force_login(w.analyst)
    assert f'href="{import_url}"' not in client.get(reverse("monitoring:hit_list")).content.decode()
    assert client.get(import_url).status_code == 404
    client.force_login(w.handler)
    assert f'href="{import_url}"' in client.get(reverse("monitoring:hit_list")).content.decode()
    assert client.get(import_url).status_code == 200
