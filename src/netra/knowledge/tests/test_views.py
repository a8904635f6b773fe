"""Public pages: anonymous access, both languages, inert script, and the admin restriction."""

import pytest
from django.urls import reverse

from netra.knowledge.models import Rule, Subject

CHECKER = "/knowledge/"


def test_checker_is_public_and_indonesian_by_default(client):
    response = client.get(CHECKER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Boleh atau tidak?" in html
    assert "Kepala desa" in html  # role list from the catalogue


def test_issue_question_gets_an_answer_card(client):
    response = client.get(
        CHECKER, {"question": "bolehkah ASN menyumbang dana untuk partai?", "election": "pemilu"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dilarang" in html
    assert "PP 94/2021" in html
    assert "Hukuman disiplin berat" in html
    assert "Badan Kepegawaian Negara" in html  # today's recipient


def test_picking_role_and_activity_without_question(client):
    response = client.get(CHECKER, {"subject": "bpd", "activity": "attend-campaign"})
    html = response.content.decode()
    assert "Pemilihan umum (Pemilu)" in html or "Pemilu" in html
    assert "Dilarang" in html
    assert "Boleh" in html


def test_english_interface_shows_english_catalogue(client):
    client.cookies["django_language"] = "en"
    response = client.get(
        CHECKER, {"subject": "pns", "activity": "social-like", "election": "pemilu"}
    )
    html = response.content.decode()
    assert "Allowed or not?" in html
    assert "Forbidden" in html
    assert "Liking a candidate" in html
    assert "Moral sanction" in html


def test_indonesian_interface_never_shows_english_catalogue_text(client):
    subject = Subject.objects.get(code="pns")
    response = client.get(
        CHECKER, {"subject": "pns", "activity": "social-like", "election": "pemilu"}
    )
    html = response.content.decode()
    assert subject.name_en not in html
    assert "Liking a candidate" not in html
    assert "Moral sanction" not in html


def test_language_switch_for_anonymous_visitors(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": CHECKER})
    assert response.status_code == 302
    assert "Allowed or not?" in client.get(CHECKER).content.decode()


def test_not_sure_answer_gives_no_verdict(client):
    response = client.get(CHECKER, {"question": "kapan jadwal pemilu?", "subject": "pns"})
    html = response.content.decode()
    assert "Tidak yakin" in html
    assert "kb-forbidden" not in html
    assert "kb-allowed" not in html


def test_script_in_the_question_is_rendered_inert(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.get(CHECKER, {"question": payload, "subject": "pns"})
    html = response.content.decode()
    assert response.status_code == 200
    assert payload not in html
    assert "&lt;script&gt;" in html


def test_empty_form_is_refused_with_a_message(client):
    response = client.get(CHECKER, {"election": "pemilu"})
    assert "Pilih kegiatan atau ketik pertanyaan Anda." in response.content.decode()


def test_overlong_question_is_refused(client):
    response = client.get(CHECKER, {"question": "a" * 400})
    assert response.status_code == 200
    assert "kb-answer" not in response.content.decode()


def test_unknown_choice_is_refused(client):
    response = client.get(CHECKER, {"subject": "<b>x</b>", "activity": "nope"})
    assert response.status_code == 200
    assert "kb-answer" not in response.content.decode()


@pytest.mark.parametrize("code", ["pns", "bpd", "kepala-desa", "tni"])
def test_education_page_per_role(client, code):
    response = client.get(reverse("knowledge:role_detail", args=[code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert Subject.objects.get(code=code).name in html
    assert "Pilkada" in html


def test_education_page_marks_the_bpd_difference(client):
    html = client.get(reverse("knowledge:role_detail", args=["bpd"])).content.decode()
    assert "berbeda" in html


def test_unknown_role_is_404(client):
    assert client.get(reverse("knowledge:role_detail", args=["nobody"])).status_code == 404


def test_role_list_and_faq_are_public(client):
    assert client.get(reverse("knowledge:role_list")).status_code == 200
    faq = client.get(reverse("knowledge:faq"))
    assert faq.status_code == 200
    assert "Pertanyaan yang sering diajukan" in faq.content.decode()


def test_post_is_not_allowed(client):
    assert client.post(CHECKER, {"question": "x"}).status_code == 405


def test_admin_only_for_national_catalogue_administrators(client, member, org_factory):
    url = reverse("admin:knowledge_rule_changelist")
    national = member("administrator", "")
    national.is_staff = True
    national.save()
    client.force_login(national)
    assert client.get(url).status_code == 200
    rule = Rule.objects.first()
    assert client.get(reverse("admin:knowledge_rule_change", args=[rule.pk])).status_code == 200
    assert client.get(reverse("admin:knowledge_rule_history", args=[rule.pk])).status_code == 200

    regional = member("administrator", "36.73")
    regional.is_staff = True
    regional.save()
    client.force_login(regional)
    assert client.get(url).status_code == 403
    analyst = member("analyst", "")
    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)
    assert client.get(url).status_code == 403


def test_admin_edit_is_audited(client, member):
    from auditlog.models import LogEntry

    admin_user = member("administrator", "")
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    subject = Subject.objects.get(code="bpd")
    url = reverse("admin:knowledge_subject_change", args=[subject.pk])
    response = client.post(
        url,
        {
            "code": "bpd",
            "name": subject.name,
            "name_en": subject.name_en,
            "synonyms": subject.synonyms + "\nanggota bamus",
            "description": subject.description,
            "description_en": subject.description_en,
            "order": subject.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(subject).latest("timestamp")
    assert entry.actor == admin_user
    assert "synonyms" in entry.changes_dict


def test_home_widget_only_for_catalogue_administrators(client, member):
    national = member("administrator", "")
    client.force_login(national)
    assert "Katalog aturan" in client.get(reverse("core:home")).content.decode()
    regional = member("administrator", "36.73")
    client.force_login(regional)
    assert "Katalog aturan" not in client.get(reverse("core:home")).content.decode()
