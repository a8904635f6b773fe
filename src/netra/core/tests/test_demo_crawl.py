"""Every page a demo user can reach, as each demo user, in Bahasa Indonesia.

The whole demo is loaded once for the module (every loader, as ``./scripts/run`` does) inside a
transaction rolled back at the end. Each demo login starts at the home page and follows the
links it is shown, visiting at most two pages of each URL shape (``/cases/12/`` and
``/cases/13/`` are one shape). Every module is checked again for what earlier reviews found:

* no page fails (5xx);
* no link leads somewhere that refuses the person it was shown to (404/403/405): a link or
  button is drawn only for those the view behind it lets in;
* no English label of a choice (statuses, kinds, roles, actions, catalogue choices of every
  app) and no English text of the rule and knowledge catalogues shows in the Indonesian
  interface;
* the public side (portal, "Boleh atau tidak?" knowledge pages, transparency), crawled without
  an account, never shows a reported person's, reporter's or witness's name.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Choices
from django.test import Client, override_settings
from django.utils import translation

from netra.accounts.models import User
from netra.core.demo import load_demo_data
from netra.regions.services import import_regions

pytestmark = pytest.mark.django_db

PER_SHAPE = 2
MAX_PAGES = 150
# Not pages: downloads, exports, files, the admin (its own language handling), the API, the
# language switch and sign-out.
NOT_PAGES = re.compile(
    r"/logout|/i18n/|/admin/|/api/|/static/|/media/|/download|/export|"
    r"\.(pdf|xlsx|csv|docx|png|svg|geojson|json|zip)(\?|$)"
)
MODULES_WITH_CHOICES = ("choices", "models", "permissions", "workflow")
POSITION_WORDS = {"Camat", "Lurah", "Kepala", "Sekretaris", "Guru", "Anggota", "PNS", "Kasi",
                  "Staf", "Pegawai", "Perangkat", "Ketua", "Bendahara", "Kades", "Sekdes"}


def english_choice_labels() -> dict[str, str]:
    """English label -> the choices class it comes from, for every label whose Indonesian
    translation differs (a label spelled the same in both languages, e.g. "PNS", is fine)."""
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("netra."):
            continue
        for name in MODULES_WITH_CHOICES:
            try:
                module = importlib.import_module(f"{config.name}.{name}")
            except ModuleNotFoundError:
                continue
            for attr, obj in vars(module).items():
                if not (inspect.isclass(obj) and issubclass(obj, Choices)
                        and obj.__module__ == module.__name__):
                    continue
                for _value, label in obj.choices:
                    with translation.override("en"):
                        english = str(label)
                    with translation.override("id"):
                        indonesian = str(label)
                    if english != indonesian and len(english) >= 4:
                        labels[english] = f"{module.__name__}.{attr}"
    return labels


@dataclass
class Crawl:
    pages: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # url -> visible text (anonymous)
    failures: list[tuple[str, str, int, str]] = field(default_factory=list)
    english: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0]) + ("?" if "?" in url else "")


def _visible_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def crawl_as(user: User | None, english: re.Pattern, crawl: Crawl,
             start: tuple[str, ...] = ("/",)) -> None:
    """Follow the links shown to ``user`` (``None``: a visitor without an account)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    username = user.username if user is not None else "(anonymous)"
    queue: list[tuple[str, str]] = [(url, "") for url in start]
    seen: set[str] = set()
    shapes: dict[str, int] = defaultdict(int)
    while queue and len(seen) < MAX_PAGES:
        url, came_from = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        crawl.pages += 1
        if response.status_code not in (200, 301, 302, 303):
            crawl.failures.append((username, url, response.status_code, came_from))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        text = _visible_text(body)
        for match in english.finditer(" ".join(text.split())):
            crawl.english[(username, match.group(1))].add(url)
        if user is None:
            crawl.texts[url] = text
        for href in re.findall(r'href="([^"#]+)"', body):
            href = html.unescape(href)
            if not href.startswith("/") or href.startswith("//") or NOT_PAGES.search(href):
                continue
            if href in seen or shapes[_shape(href)] >= PER_SHAPE:
                continue
            shapes[_shape(href)] += 1
            queue.append((href, url))


@pytest.fixture(scope="module")
def demo_logins(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("crawl-media")), transaction.atomic():
        import_regions(province="36")
        logins = load_demo_data()
        yield logins
        transaction.set_rollback(True)


def english_pattern(labels: dict[str, str]) -> re.Pattern:
    """Any of ``labels`` as a whole phrase (longest first)."""
    return re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(label) for label in
                                   sorted(labels, key=len, reverse=True)) + r")(?![\w-])")


@pytest.fixture(scope="module")
def crawl(demo_logins) -> Crawl:
    from netra.rules.tests.test_catalogue_language import knowledge_texts, rule_texts

    labels = english_choice_labels()
    for source, texts in (("rule catalogue", rule_texts("en")),
                          ("knowledge catalogue", knowledge_texts("en"))):
        labels.update({" ".join(text.split()): source for text in texts if len(text) >= 4})
    english = english_pattern(labels)
    result = Crawl()
    for login in demo_logins:
        crawl_as(User.objects.get(username=login.username), english, result)
    crawl_as(None, english, result, start=("/portal/", "/knowledge/", "/portal/transparency/"))
    return result


def test_every_demo_login_reaches_pages_of_every_module(crawl, demo_logins):
    assert len({login.username for login in demo_logins}) >= 8
    assert crawl.pages >= 20 * len(demo_logins)


def test_public_pages_never_name_a_reported_person_reporter_or_witness(crawl):
    from netra.cases.models import ReportedPerson, Reporter, Witness

    public = {url: text for url, text in crawl.texts.items()
              if not url.startswith("/accounts/login")}
    assert any(url.startswith("/portal/transparency") for url in public)
    assert any(url.startswith("/knowledge/") for url in public)
    # The demo's reported persons are named by position, as the published study prints them
    # (e.g. "Camat Cipocok Jaya", which the checker's pages may well say); their NIPs and the
    # reporters' and witnesses' names identify people.
    names = {person.name for model in (Reporter, Witness) for person in model.objects.all()}
    names |= {person.name for person in ReportedPerson.objects.all()
              if person.name and person.name.split()[0] not in POSITION_WORDS}
    names = {name for name in names if len(name) >= 6 and " " in name}
    nips = set(ReportedPerson.objects.exclude(nip="").values_list("nip", flat=True))
    assert len(names) >= 3
    assert len(nips) >= 5
    names |= nips
    shown = {(name, url) for name in names for url, text in public.items() if name in text}
    assert not shown, sorted(shown)


def test_no_page_fails_and_no_link_refuses_the_person_it_was_shown_to(crawl):
    assert crawl.failures == [], "\n".join(
        f"{user}: {url} answered {status} (linked from {came_from})"
        for user, url, status, came_from in crawl.failures)


def test_no_english_choice_label_in_the_indonesian_interface(crawl):
    assert not crawl.english, "\n".join(
        f"{user}: {label!r} on {sorted(urls)[:3]}"
        for (user, label), urls in sorted(crawl.english.items()))


def test_the_english_label_check_finds_an_english_label():
    """The check is not vacuous: the English label of a case kind is in the set, found in a
    page's text, and its Indonesian translation is not."""
    from netra.cases.choices import CaseKind

    labels = english_choice_labels()
    assert len(labels) > 100
    with translation.override("en"):
        english = str(CaseKind.FINDING.label)
    with translation.override("id"):
        indonesian = str(CaseKind.FINDING.label)
    pattern = english_pattern(labels)
    assert pattern.search(_visible_text(f"<td><span>{english}</span></td>"))
    assert not pattern.search(_visible_text(f"<td><span>{indonesian}</span></td>"))
