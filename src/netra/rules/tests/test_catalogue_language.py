"""The rule catalogue speaks the reader's language on every page of the case journey (#15.4).

A realistic Serang world (cases received, under legal study, at the plenary, forwarded to BKN
and sanctioned, with several violation forms, running clocks and a recommendation) is rendered
page by page, in Bahasa Indonesia and in English. The forbidden strings are built from the data
itself: in Indonesian, every English text of the rule catalogue (the ``_en`` column of each
translated field) and of the knowledge catalogue, and every English choice label of the case,
rules, orgs and elections choices; in English, every Indonesian catalogue text. A page that
shows one fails with the page and the string.
"""

from __future__ import annotations

import html
import json
import pprint
import re
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from netra.cases import choices as case_choices
from netra.cases import services
from netra.cases.documents import build_context
from netra.cases.services import SanctionInput
from netra.cases.tests.factories import (
    advance,
    build_world,
    classify,
    open_finding,
    open_report,
    village_head,
)
from netra.cases.workflow import Status
from netra.elections import choices as election_choices
from netra.knowledge import models as knowledge
from netra.orgs import choices as org_choices
from netra.rules import choices as rule_choices
from netra.rules.choices import Category
from netra.rules.models import DeadlineRule, ViolationType

pytestmark = pytest.mark.django_db

MONDAY = datetime(2024, 9, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # BKN receives ASN cases
LANGS = ("id", "en")
OTHER = {"id": "en", "en": "id"}

# --- What each language must not show ------------------------------------------------------


def rule_texts(lang: str) -> set[str]:
    """Every text of the rule catalogue in ``lang`` that differs from its other language."""
    texts = set()
    for model in translator.get_registered_models(abstract=False):
        if model._meta.app_label != "rules":
            continue
        fields = translator.get_options_for_model(model).fields
        for row in model.objects.all():
            for field in fields:
                mine = getattr(row, build_localized_fieldname(field, lang)) or ""
                other = getattr(row, build_localized_fieldname(field, OTHER[lang])) or ""
                if mine.strip() and mine.strip() != other.strip():
                    texts.add(mine.strip())
    return texts


KNOWLEDGE_FIELDS = {
    knowledge.Subject: ("name", "description"),
    knowledge.Activity: ("name", "description"),
    knowledge.LegalBasis: ("title",),
    knowledge.RecipientBody: ("name",),
    knowledge.Sanction: ("text",),
    knowledge.Rule: ("condition", "explanation"),
}


def knowledge_texts(lang: str) -> set[str]:
    """The knowledge catalogue keeps Indonesian in ``<field>`` and English in ``<field>_en``
    (an empty English falls back to the Indonesian, so only filled pairs count)."""
    texts = set()
    for model, fields in KNOWLEDGE_FIELDS.items():
        for row in model.objects.all():
            for field in fields:
                indonesian, english = getattr(row, field) or "", getattr(row, f"{field}_en") or ""
                if english.strip() and english.strip() != indonesian.strip():
                    texts.add((indonesian if lang == "id" else english).strip())
    return texts


CHOICE_MODULES = (case_choices, rule_choices, org_choices, election_choices)


def choice_classes() -> list[type[TextChoices]]:
    classes = [Status]
    for module in CHOICE_MODULES:
        classes += [
            value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, TextChoices)
            and value is not TextChoices and value.__module__ == module.__name__
        ]
    return classes


def choice_labels(lang: str) -> dict[str, str]:
    """value-qualified label in ``lang`` → the same label in the other language."""
    labels = {}
    for cls in choice_classes():
        for member in cls:
            with translation.override(lang):
                mine = str(member.label)
            with translation.override(OTHER[lang]):
                other = str(member.label)
            labels[f"{cls.__name__}.{member.value}"] = (mine, other)
    return labels


# Labels that are the same word in both languages (names and loanwords).
SAME_IN_BOTH = {
    "OrgKind.bawaslu_ri",  # Bawaslu RI
    "DocumentState.final",  # Final
}


def foreign_strings(lang: str) -> tuple[set[str], list[re.Pattern]]:
    """Substrings (catalogue texts) and word-bounded patterns (choice labels of two words or
    more; single words such as "Final" or "Sent" occur inside Indonesian words and names)."""
    other = OTHER[lang]
    texts = {t for t in rule_texts(other) | knowledge_texts(other) if len(t) >= 8}
    patterns = []
    if lang == "id":
        for key, (english, indonesian) in choice_labels("en").items():
            if key in SAME_IN_BOTH or english == indonesian or len(english.split()) < 2:
                continue
            patterns.append(re.compile(rf"(?<![\w-]){re.escape(english)}(?![\w-])"))
    return texts, patterns


AS_WRITTEN = re.compile(
    r'<section[^>]*aria-labelledby="(?:history|rec)-title".*?</section>', re.S)


def page_text(response, *, history: bool = True) -> str:
    """The text a reader sees (entities decoded, JSON non-ASCII kept). ``history=False`` drops
    what is shown as it was written: the recommendation letter (an Indonesian official letter,
    its legal basis included, whatever the reader's language) and the change history that
    records it."""
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    if not history:
        body = AS_WRITTEN.sub("", body)
    return html.unescape(body)


def leaks(text: str, lang: str, forbidden) -> list[str]:
    texts, patterns = forbidden
    found = sorted(t for t in texts if t in text)
    found += sorted({m.group(0) for p in patterns for m in p.finditer(text)})
    return found


# --- The world -------------------------------------------------------------------------------


@pytest.fixture
def world(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    with time_machine.travel(MONDAY, tick=False):
        w = build_world()
        received = open_finding(w, title="Lurah di baliho calon")
        study = open_finding(w, title="Camat di selebaran kampanye")
        classify(study, w.handler, codes=("asn-campaign-props", "asn-social-media",
                                          "asn-attending"))
        study = advance(study, w, Status.LEGAL_STUDY)
        plenary = open_finding(w, election=w.pilkada, persons=[village_head()],
                               title="Kades menggerakkan warga")
        classify(plenary, w.handler, category=Category.CRIME,
                 codes=("officials-favouring-pilkada",))
        plenary = advance(plenary, w, Status.PLENARY)
        forwarded = open_report(w, title="Mobil dinas untuk kampanye")
        classify(forwarded, w.handler, codes=("asn-facilities", "asn-party-approach"))
        forwarded = advance(forwarded, w, Status.FORWARDED)
        sanctioned = advance(open_finding(w, title="Guru PNS mengunggah dukungan"), w,
                             Status.AWAITING_FOLLOW_UP)
        services.record_sanction(  # the factories' answer is English user text
            recommendation=sanctioned.recommendations.get(), actor=w.bkn_officer,
            answer="Hukuman disiplin sedang dijatuhkan.",
            sanctions=[SanctionInput(p.pk, "moderate", f"800/{p.pk}/BKPSDM", MONDAY.date())
                       for p in sanctioned.reported_persons.all()])
        yield {
            "w": w,
            "cases": {"received": received, "study": study, "plenary": plenary,
                      "forwarded": forwarded, "sanctioned": sanctioned},
            "recommendation": forwarded.recommendations.get(),
        }


def pages(world) -> Iterable[tuple[str, object, str, dict]]:
    """(label, user or None, url, query) of every page of the journey."""
    w, cases = world["w"], world["cases"]
    yield "home", w.handler, "/", {}
    yield "case list", w.handler, reverse("cases:case_list"), {}
    for name, case in cases.items():
        yield f"case {name}", w.handler, reverse("cases:case_detail", args=[case.pk]), {}
    yield "case plenary (commissioner)", w.commissioner, reverse(
        "cases:case_detail", args=[cases["plenary"].pk]), {}
    yield "statistics", w.analyst, reverse("cases:statistics"), {}
    yield "inbox", w.bkn_officer, reverse("cases:inbox"), {}
    yield "recommendation", w.bkn_officer, reverse(
        "cases:recommendation_detail", args=[world["recommendation"].pk]), {}
    yield "case API", w.handler, f"/api/v1/cases/{cases['forwarded'].pk}", {}
    yield "rules API", w.handler, "/api/v1/rules/violation-types", {}
    yield "deadline rules API", w.handler, "/api/v1/rules/deadlines", {}
    yield "checker", None, reverse("knowledge:checker"), {
        "subject": "pns", "activity": "social-like", "election": "pemilu"}
    yield "roles", None, reverse("knowledge:role_list"), {}
    yield "role pns", None, reverse("knowledge:role_detail", args=["pns"]), {}
    yield "faq", None, reverse("knowledge:faq"), {}
    yield "portal", None, reverse("portal:home"), {}


def get(client, user, url, query, lang):
    client.logout()
    client.cookies["django_language"] = lang
    if user is not None:
        user.language = lang
        user.save(update_fields=["language"])
        client.force_login(user)
    return client.get(url, query, headers={"accept-language": lang})


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_the_journey_shows_the_catalogue_in_the_other_language(client, world, lang):
    forbidden = foreign_strings(lang)
    assert forbidden[0], "no catalogue texts to look for"
    problems = {}
    with time_machine.travel(MONDAY, tick=False):
        for label, user, url, query in pages(world):
            response = get(client, user, url, query, lang)
            assert response.status_code == 200, (label, response.status_code)
            found = leaks(page_text(response, history=lang == "id"), lang, forbidden)
            if found:
                problems[label] = found
    assert not problems, pprint.pformat(problems, width=100)


def names(codes: Iterable[str], lang: str) -> list[str]:
    field = build_localized_fieldname("name", lang)
    return [getattr(v, field) for v in ViolationType.objects.filter(code__in=codes)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_journey_shows_the_catalogue_in_the_readers_language(client, world, lang):
    """Not vacuous: the violation forms, legal basis, sanction and clock sources appear, in the
    reader's language, where the journey shows them."""
    w, cases = world["w"], world["cases"]
    with time_machine.travel(MONDAY, tick=False):
        study = page_text(get(client, w.handler, reverse(
            "cases:case_detail", args=[cases["study"].pk]), {}, lang))
        for name in names(("asn-campaign-props", "asn-social-media", "asn-attending"), lang):
            assert name in study
        decision = DeadlineRule.objects.get(key="decision_window", election_kind="pemilu")
        assert getattr(decision, build_localized_fieldname("legal_source", lang)) in study
        letter = page_text(get(client, w.bkn_officer, reverse(
            "cases:recommendation_detail", args=[world["recommendation"].pk]), {}, lang))
        facilities = ViolationType.objects.get(code="asn-facilities")
        for field in ("name", "legal_basis", "sanction"):
            assert getattr(facilities, build_localized_fieldname(field, lang)) in letter
        stats = page_text(get(client, w.analyst, reverse("cases:statistics"), {}, lang))
        for name in names(("asn-facilities", "asn-campaign-props"), lang):
            assert name in stats


def test_indonesian_texts_use_the_statutes_wording():
    social = ViolationType.objects.get(code="asn-social-media")
    assert social.name_ind.startswith("ASN memberikan dukungan melalui media sosial")
    assert social.name_en.startswith("ASN support on social media")
    assert "Pasal 280 ayat (2) huruf h-j" in ViolationType.objects.get(
        code="bpd-campaign-pemilu").legal_basis_ind
    with translation.override("id"):
        assert social.name == social.name_ind
        assert social.sanction.startswith("PP 94/2021: hukuman disiplin")
    with translation.override("en"):
        assert social.name == social.name_en
        assert social.sanction.startswith("PP 94/2021: moderate or heavy discipline")


def test_every_reference_row_has_both_languages():
    """Every shipped text exists in both languages (administrators add rows with both)."""
    missing = []
    for model in translator.get_registered_models(abstract=False):
        if model._meta.app_label != "rules":
            continue
        for row in model.objects.all():
            for field in translator.get_options_for_model(model).fields:
                ind = getattr(row, build_localized_fieldname(field, "id"))
                en = getattr(row, build_localized_fieldname(field, "en"))
                if bool((ind or "").strip()) != bool((en or "").strip()):
                    missing.append(f"{model.__name__} {row.pk} {field}: {ind!r} / {en!r}")
    assert not missing, "\n".join(missing)


def test_an_english_only_row_still_shows_in_indonesian():
    """A row an administrator typed in English only falls back instead of going blank."""
    with translation.override("en"):
        row = ViolationType.objects.create(code="x-test", name="Only English", category="crime",
                                           valid_from=MONDAY.date())
    with translation.override("id"):
        assert ViolationType.objects.get(pk=row.pk).name == "Only English"


def test_choice_labels_are_all_translated():
    """Every label of the case, rules, orgs and elections choices has its Indonesian (the
    catalogue check fails on an untranslated msgid only once it is extracted)."""
    untranslated = [
        f"{key}: {english!r}" for key, (english, indonesian) in choice_labels("en").items()
        if english == indonesian and key not in SAME_IN_BOTH
    ]
    assert not untranslated, "\n".join(untranslated)


@pytest.mark.parametrize("lang", LANGS)
def test_generated_documents_follow_their_template_language(world, lang):
    """The documents service builds the context inside ``translation.override(template
    language)``: the violation forms come in that language whatever the user's interface."""
    case = world["cases"]["forwarded"]
    with translation.override(OTHER[lang]), translation.override(lang):
        context = build_context(case, kind="legal_study", actor=world["w"].handler,
                                on=MONDAY.date())
    expected = set(names(("asn-facilities", "asn-party-approach"), lang))
    assert {v["name"] for v in context["violations"]} == expected
    facilities = ViolationType.objects.get(code="asn-facilities")
    assert getattr(facilities, build_localized_fieldname("legal_basis", lang)) in {
        v["legal_basis"] for v in context["violations"]}


def test_history_names_violation_forms_in_the_readers_language(client, world):
    """The audit log keeps an m2m change as the labels of that day, in the language of whoever
    made it; the history shows the reader's language."""
    w, case = world["w"], world["cases"]["received"]
    with time_machine.travel(MONDAY, tick=False):
        with translation.override("en"):
            classify(case, w.handler, codes=("asn-social-media",))
        text = page_text(get(client, w.handler, reverse("cases:case_detail", args=[case.pk]),
                             {}, "id"))
    social = ViolationType.objects.get(code="asn-social-media")
    assert f"{social.name_ind}" in text
    assert social.name_en not in text


def test_a_letter_forwarded_from_the_english_interface_is_written_in_indonesian(world):
    """The letter's recorded texts (legal basis, suggested sanctions' basis, signatory title)
    are written in the letter's language, not the handler's interface language."""
    w = world["w"]
    with time_machine.travel(MONDAY, tick=False):
        case = open_report(w, title="Spanduk calon di kantor dinas")
        classify(case, w.handler, codes=("asn-facilities",))
        case = advance(case, w, Status.VIOLATION)
        with translation.override("en"):
            case = advance(case, w, Status.FORWARDED)
    rec = case.recommendations.get()
    facilities = ViolationType.objects.get(code="asn-facilities")
    assert facilities.name_ind in rec.legal_basis
    assert facilities.name_en not in rec.legal_basis
    assert " art. " not in rec.legal_basis
    assert all(" art. " not in s["legal_basis"] for s in rec.suggested_sanctions)
    assert rec.signatory_title == "Ketua Bawaslu Kota Serang"


def test_admin_edits_every_translated_text_in_both_languages(admin_client):
    for model in translator.get_registered_models(abstract=False):
        row = model.objects.first() if model._meta.app_label == "rules" else None
        if row is None:
            continue
        url = reverse(f"admin:rules_{model._meta.model_name}_change", args=[row.pk])
        page = admin_client.get(url).content.decode()
        for field in translator.get_options_for_model(model).fields:
            for lang in LANGS:
                name = build_localized_fieldname(field, lang)
                assert f'name="{name}"' in page, (model.__name__, name)
