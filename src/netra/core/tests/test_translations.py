"""Quality gate for the Indonesian catalogue (src/netra/locale/id/LC_MESSAGES/django.po).

- every entry is translated, none is fuzzy, placeholders match the msgid's, and a translation is
  not just a copy of the English (outside a short allow-list of codes and names);
- the committed .mo is compiled from the committed .po;
- the catalogue holds exactly the msgids the source extracts to (runs ``makemessages`` over a
  temporary copy of the package; needs GNU gettext);
- key pages render in Indonesian by default and in English for a user who chose English, and no
  English msgid leaks into an Indonesian page.

After changing translatable strings run ``./scripts/messages``, translate what it adds and run
it again.
"""

import os
import re
import shutil
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import netra

PACKAGE_DIR = Path(netra.__file__).resolve().parent
PO_PATH = PACKAGE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# Keep in step with scripts/messages.
IGNORE_PATTERNS = [".venv/*", "*/tests/*", "tests/*", "*/migrations/*", "*/static/*/vendor/*"]

# Translations that may legitimately equal the English msgid (codes, names, loanwords).
SAME_AS_ENGLISH = {
    "Administrator",
    "Bawaslu RI",
    "Format",
    "Menu",
    "NIP",
    "Status",
    "[Netra] %(number)s: %(status)s",
    "status",
}

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"(?<!%)%[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[:!][^{}]*)?\}(?!\})")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _key(entry) -> tuple[str, str]:
    return entry.msgctxt or "", entry.msgid


def _label(entry) -> str:
    return f"[{entry.msgctxt}] {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def _placeholders(text: str, entry) -> tuple:
    named = sorted(NAMED.findall(text))
    positional = sorted(POSITIONAL.findall(text)) if "python-format" in entry.flags else []
    brace = sorted(BRACE.findall(text)) if "python-brace-format" in entry.flags else []
    return named, positional, brace


def _translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# --- The .po file ---------------------------------------------------------------------------


def test_header_declares_indonesian_with_one_plural_form():
    po = _catalogue()
    assert po.metadata.get("Language") == "id"
    assert po.metadata.get("Plural-Forms") == "nplurals=1; plural=0;"
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy, "remove '#, fuzzy' from the header"


def test_every_entry_is_translated_and_not_fuzzy():
    po = _catalogue()
    problems = []
    for entry in po:
        if entry.obsolete:
            problems.append(f"obsolete: {_label(entry)}")
        elif "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {_label(entry)}")
        elif not all(t.strip() for t in _translations(entry)):
            problems.append(f"untranslated: {_label(entry)}")
        elif entry.msgid_plural and sorted(entry.msgstr_plural) != [0]:
            problems.append(f"needs exactly msgstr[0] (nplurals=1): {_label(entry)}")
    assert len(po) > 0
    assert not problems, "\n".join(problems)


def test_placeholders_match_the_msgid():
    problems = []
    for entry in _catalogue():
        expected = _placeholders(entry.msgid, entry)
        if entry.msgid_plural:
            plural = _placeholders(entry.msgid_plural, entry)
            # A plural msgid may drop the count; Indonesian uses the plural form's placeholders.
            expected = plural if plural[0] else expected
        for text in _translations(entry):
            if text and _placeholders(text, entry) != expected:
                problems.append(f"{_label(entry)} → {text!r}")
    assert not problems, "placeholders differ from the msgid:\n" + "\n".join(problems)


def test_translations_are_not_copies_of_the_english():
    copies = [
        _label(e) for e in _catalogue()
        if e.msgstr == e.msgid and e.msgid not in SAME_AS_ENGLISH
    ]
    assert not copies, "translate these (or add them to SAME_AS_ENGLISH):\n" + "\n".join(copies)


# --- The .mo file ---------------------------------------------------------------------------


def test_compiled_catalogue_matches_the_po():
    assert MO_PATH.exists(), "run ./scripts/messages to compile the .mo"
    po = _catalogue()
    mo = polib.mofile(str(MO_PATH))
    expected = {_key(e): _translations(e) for e in po if e.translated() and "fuzzy" not in e.flags}
    compiled = {_key(e): _translations(e) for e in mo if e.msgid}
    missing = sorted(set(expected) - set(compiled))
    extra = sorted(set(compiled) - set(expected))
    changed = sorted(k for k in set(expected) & set(compiled) if expected[k] != compiled[k])
    stale = "django.mo is out of date; run ./scripts/messages"
    assert not missing, f"{stale}; missing: {missing[:20]}"
    assert not extra, f"{stale}; extra: {extra[:20]}"
    assert not changed, f"{stale}; changed: {changed[:20]}"
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


def test_django_loads_the_catalogue():
    with translation.override("id"):
        assert translation.gettext("Sign in") == "Masuk"
        assert translation.gettext("Finding") == "Temuan"
        assert translation.ngettext("%(n)s case", "%(n)s cases", 3) % {"n": 3} == "3 kasus"
        assert translation.pgettext("sanction", "Other") == "Lainnya"
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"


# --- Completeness against the source ---------------------------------------------------------


def test_catalogue_holds_exactly_the_msgids_in_the_source(tmp_path, settings, monkeypatch):
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext, msgmerge) is required for this check")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "netra"
    shutil.copytree(
        PACKAGE_DIR, copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc", "vendor", "tests",
                                      "migrations"),
    )
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages", locale=["id"], no_obsolete=True, ignore_patterns=IGNORE_PATTERNS,
        extensions=["html", "txt", "py"], verbosity=0,
    )
    extracted = {_key(e) for e in polib.pofile(str(copy / PO_PATH.relative_to(PACKAGE_DIR)))}
    committed = {_key(e) for e in _catalogue()}
    missing = sorted(extracted - committed)
    stale = sorted(committed - extracted)
    hint = "run ./scripts/messages and translate what it adds"
    assert not missing, f"in the source but not in django.po ({hint}): {missing}"
    assert not stale, f"in django.po but gone from the source ({hint}): {stale}"


# --- Rendered pages ---------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text nodes and human-readable attributes of a page, each stripped."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.chunks += [v.strip() for k, v in attrs if k in self.ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def _english_leaks(html: str) -> list[str]:
    """English msgids shown untranslated: a text node or label equal to a msgid (several words,
    no placeholders) whose translation differs. Data such as rule names is not a msgid and is
    only matched when it equals one exactly."""
    parser = _VisibleText()
    parser.feed(html)
    shown = {chunk.rstrip(":·").strip() for chunk in parser.chunks}
    return sorted(
        e.msgid for e in _catalogue()
        if not e.msgid_plural and len(e.msgid.split()) >= 2 and e.msgstr != e.msgid
        and e.msgid in shown
    )


@pytest.fixture
def admin_user(member):
    return member("administrator", "36.73")


@pytest.fixture
def case(admin_user, db):
    from netra.cases import services
    from netra.cases.choices import CaseKind, Source
    from netra.elections.models import Election, ElectionKind, ElectionLevel
    from netra.rules.choices import EmploymentType

    election = Election.objects.create(
        name="Pemilu 2024", kind=ElectionKind.PEMILU, level=ElectionLevel.NATIONAL,
        voting_day=timezone.localdate() + timedelta(days=60), region_code="",
    )
    known = timezone.localdate() - timedelta(days=1)
    return services.open_case(
        actor=admin_user, election=election, office=admin_user.organisation,
        kind=CaseKind.REPORT, source=Source.OFFICE_DESK, title="Camat di baliho partai",
        known_date=known, incident_date=known, description="Foto camat memakai kaus partai.",
        place_region_code="36.73.05.1001", place_address="Jl. Raya Cipocok",
        reported_persons=[services.PersonInput(EmploymentType.PNS, "Camat",
                                               "Kecamatan Cipocok Jaya")],
        reporters=[services.ReporterInput("Pelapor Uji", nik="3673011203850001")],
    )


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_login_page_in_indonesian_and_english(client, db):
    page = _page(client, reverse("accounts:login"))
    assert 'lang="id"' in page
    for word in ("Masuk ke Netra", "Nama pengguna", "Kata sandi"):
        assert word in page
    for english in ("Sign in to Netra", "Password"):
        assert english not in page
    assert not _english_leaks(page)

    client.cookies["django_language"] = "en"
    page = _page(client, reverse("accounts:login"))
    assert "Sign in to Netra" in page
    assert "Masuk ke Netra" not in page


def test_pages_follow_the_users_language(client, admin_user, case):
    client.force_login(admin_user)
    pages = {
        reverse("core:home"): (["Dasbor", "Keluar", "Selamat datang"], ["Dashboard", "Log out"]),
        reverse("orgs:organisation_list"): (["Lembaga", "Unduh CSV"],
                                            ["Organisations", "Download CSV"]),
        reverse("cases:case_list"): (["Kasus", "Laporan", "Kantor penanganan", "Diterima"],
                                     ["Cases", "Handling office", "Received"]),
        reverse("cases:case_detail", args=[case.pk]): (
            ["Terlapor", "Pelapor", "Nomor penerimaan", "Tenggat", "Bukti dan dokumen"],
            ["Reported persons", "Intake number", "Evidence and documents"],
        ),
    }
    for url, (indonesian, english) in pages.items():
        page = _page(client, url)
        for word in indonesian:
            assert word in page, (url, word)
        for word in english:
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", page), (url, word)
        assert not _english_leaks(page), (url, _english_leaks(page))

    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    for url, (_indonesian, english) in pages.items():
        page = _page(client, url)
        for word in english:
            assert word in page, (url, word)
        assert "Dasbor" not in page, url
        assert "Keluar" not in page, url
