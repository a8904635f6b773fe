"""Browser journeys: pytest-playwright driving Debian's headless Chromium against ``live_server``.

No browser is downloaded: Chromium is launched from ``settings.NETRA_CHROMIUM``
(default ``/usr/bin/chromium``). Every test here is marked ``e2e``; run them alone with
``pytest tests/e2e`` or leave them out with ``-m "not e2e"``.

Data: each test gets the Banten regions and the demo organisations and users
(``netra.core.demo``) in a transactional database (about a second), because the live server
reads the database from another thread and cannot see a test's open transaction.

Language: the journeys drive an English UI (browser locale ``en-US`` and the demo users'
stored language set to ``en``) so that they can rely on the English msgids whatever the
Indonesian catalogue says; elements are still found by role and accessible name.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# The sync Playwright API keeps an event loop running in the main thread from the first browser
# test to the end of the session, so Django would refuse database access from test bodies and
# fixtures (and from any test that runs later in the same process). Nothing here is concurrent.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


def _chromium_path() -> str:
    return getattr(settings, "NETRA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = _chromium_path()
    if not Path(path).exists():
        pytest.skip(f"Chromium not found at {path} (set NETRA_CHROMIUM)")
    return {
        "headless": True,
        **browser_type_launch_args,  # --headed still wins
        "executable_path": path,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative ``page.goto("/...")`` goes to the live server (replaces pytest-playwright's)."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's ``new_context`` (also behind ``context`` and ``page``), failing fast:
    a local server answers in milliseconds, so waiting 5 s means something is wrong."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(5_000)
        context.set_default_navigation_timeout(10_000)
        return context

    return make


@pytest.fixture
def demo(transactional_db):
    """Banten regions plus the demo organisations and users; demo users use English."""
    from netra.accounts.models import User
    from netra.core.demo import load_demo_data
    from netra.regions.services import import_regions

    import_regions(province="36")
    logins = load_demo_data(only=["accounts"])
    User.objects.filter(username__in=[login.username for login in logins]).update(language="en")
    return logins


HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


@pytest.fixture
def htmx_idle():
    """``htmx_idle(page)`` waits until htmx has finished requests, swaps and settling.

    htmx binds the triggers of swapped-in elements only after its settle delay, so a test
    must wait for it before using a control that a swap has just replaced.
    """

    def wait(page, timeout_ms: int = 5_000) -> None:
        # Polled from Python: wait_for_function compiles its predicate with eval inside the
        # page, which Netra's Content-Security-Policy (no 'unsafe-eval') rightly refuses.
        waited = 0
        while page.evaluate(f"!!document.querySelector({HTMX_BUSY!r})"):
            if waited >= timeout_ms:
                raise AssertionError(f"htmx is still busy after {timeout_ms} ms")
            page.wait_for_timeout(25)
            waited += 25

    return wait


@pytest.fixture
def log_in():
    """``log_in(page, username)`` signs in through the login form, found by its labels."""

    def sign_in(page, username: str, password: str | None = None) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password or settings.NETRA_DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"^https?://[^/]+/$"))

    return sign_in


@pytest.fixture
def log_out():
    def sign_out(page) -> None:
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(re.compile(r"/accounts/login/"))

    return sign_out


@pytest.fixture
def screenshot(pytestconfig):
    """``screenshot(page, name)`` saves a full-page PNG under ``test-results/screens/``.

    ``test-results/`` is pytest-playwright's ``--output`` folder (git-ignored), which it empties
    at the start of every run.
    """
    folder = Path(pytestconfig.getoption("--output")) / "screens"

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


A11Y_PROBLEMS = r"""() => {
  const problems = [];
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  for (const [id, n] of seen) if (n > 1) problems.push(`id "${id}" is used ${n} times`);
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || el.closest("[hidden]")) continue;
    const named = el.labels.length || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby");
    if (!named) problems.push(`${el.tagName.toLowerCase()} name=${el.name} has no label`);
  }
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${attr}="${id}" points at nothing`);
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    const target = document.getElementById(label.htmlFor);
    if (!target || target.type === "hidden") {
      problems.push(`label for="${label.htmlFor}" labels nothing`);
    }
  }
  return problems;
}"""


@pytest.fixture
def check_page():
    """``check_page(page)``: no duplicate ids; every control labelled; aria ids resolve."""

    def check(page) -> None:
        problems = page.evaluate(A11Y_PROBLEMS)
        assert not problems, f"{page.url}: {problems}"

    return check
