"""pytest plugin (loaded from the root ``conftest.py``): the ``fuzz`` marker, and the number of
requests the API fuzz run sent, printed in the terminal summary as ``fuzz: N requests``.

The fuzz test records its count in its report's ``user_properties``; reports travel from
pytest-xdist workers to the controller, so the line appears with ``-n`` and without ``-s``.
"""

PROPERTY = "fuzz_requests"
_totals: dict[str, int] = {"requests": 0, "operations": 0}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "fuzz: schemathesis run over the whole OpenAPI document (bounded, seeded)"
    )


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == PROPERTY:
            _totals["requests"] += value["requests"]
            _totals["operations"] += value["operations"]


def pytest_terminal_summary(terminalreporter):
    if _totals["requests"]:
        terminalreporter.write_sep(
            "-",
            f"fuzz: {_totals['requests']} requests over {_totals['operations']} operations",
        )
