"""The interactive API docs work offline and under the Content-Security-Policy: Swagger UI is
served from Netra, draws the operations and can call the API with the session."""

import re

from playwright.sync_api import expect


def test_swagger_ui_renders_offline_under_the_policy(demo, page, live_server, log_in):
    origin = live_server.url
    outside: list[str] = []
    violations: list[str] = []

    def only_netra(route):
        if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_netra)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, "admin.serang")
    page.goto("/api/v1/docs")

    expect(page.get_by_role("heading", name=re.compile("Netra API"))).to_be_visible()
    cases = page.locator(".opblock-tag-section", has_text="cases")
    expect(cases.first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/cases/").first).to_be_visible()

    # Try an operation: the list of elections, answered with the session.
    elections = page.locator(".opblock-get", has_text="/api/v1/elections/").first
    elections.locator(".opblock-summary").click()
    elections.get_by_role("button", name="Try it out").click()
    elections.get_by_role("button", name="Execute").click()
    expect(
        elections.locator(".live-responses-table tbody td.response-col_status").first
    ).to_have_text("200")

    assert outside == []
    assert violations == []
