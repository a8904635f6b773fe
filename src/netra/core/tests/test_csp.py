"""Content-Security-Policy on every HTML page, no inline script, style or event handler, and the
interactive API docs served from Netra's own static files (issue #14, point 6)."""

import re
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from netra.cases.tests.factories import advance, build_world, open_finding, open_report
from netra.cases.workflow import Status

MONDAY = datetime(2024, 9, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SKIP = re.compile(r"/(logout|language|export|download|documents|evidence)|\.(csv|xlsx|pdf|docx)")


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: (d[1] if len(d) > 1 else "") for d in directives}


class PageScan(HTMLParser):
    """Collects links and whatever a strict CSP would block: inline scripts, ``<style>``
    elements, ``style=`` and ``on…=`` attributes, and assets from other origins."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.problems: list[str] = []
        self.assets: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, _value in attrs:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=…>")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            kind = values.get("type", "text/javascript")
            self._script = None if values.get("src") or "json" in kind else tag
            if values.get("src"):
                self.assets.append(values["src"])
        if tag == "link" and values.get("href"):
            self.assets.append(values["href"])
        if tag == "img" and values.get("src"):
            self.assets.append(values["src"])

    def handle_data(self, data):
        if self._script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


@pytest.fixture
def world(regions, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "private"
    time_machine.move_to(MONDAY, tick=False)
    w = build_world()
    open_finding(w)
    advance(open_report(w), w, Status.FORWARDED)
    return w


def crawl(client: Client, start: list[str], limit: int = 50) -> dict[str, object]:
    """GET pages breadth-first from ``start``, following same-site links; returns the HTML
    responses by path."""
    seen: dict[str, object] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        response = client.get(path)
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        seen[path] = response
        scan = PageScan()
        scan.feed(response.content.decode())
        for href in scan.links:
            url = urlsplit(urljoin(path, href))
            if url.netloc in ("", "testserver") and url.path.startswith("/"):
                target = url.path + (f"?{url.query}" if url.query else "")
                if target not in seen:
                    queue.append(target)
    return seen


@pytest.mark.parametrize("who", ["handler", "admin", "bkn_officer"])
def test_every_crawled_page_carries_the_policy_and_no_inline_code(world, who):
    client = Client()
    client.force_login(getattr(world, who))
    pages = crawl(client, ["/", "/cases/", "/cases/inbox/", "/accounts/profile/"])
    assert len(pages) >= 5, list(pages)
    for path, response in pages.items():
        directives = policy(response)
        for name, value in EXPECTED.items():
            assert directives.get(name) == value, (path, name, directives)
        scan = PageScan()
        scan.feed(response.content.decode())
        assert scan.problems == [], (path, scan.problems)


@pytest.mark.parametrize("path", ["/accounts/login/", "/cases/", "/no-such-page/"])
def test_anonymous_pages_and_errors_carry_the_policy(client, db, path):
    response = client.get(path)
    assert policy(response)["default-src"] == "'self'"


def test_api_docs_use_only_local_assets(client, world):
    client.force_login(world.handler)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert policy(response)["script-src"] == "'self'"
    scan = PageScan()
    scan.feed(response.content.decode())
    assert scan.problems == []
    assert any(a.endswith("swagger-ui-bundle.js") for a in scan.assets), scan.assets
    assert any(a.endswith("swagger-ui.css") for a in scan.assets), scan.assets
    for asset in scan.assets:
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
