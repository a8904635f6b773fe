""""Boleh atau tidak?" checker benchmark: answering a typed question, beside the rule lookup alone.

The catalogue comes from the data migration (161 rules, 25 activities, 7 subjects). Rows:

* baseline: ``rules_for`` with the subject and activity already known (one dated lookup with its
  legal bases, sanctions and bodies);
* matching alone: the question normalised and ranked against every subject and activity
  (catalogue rows already in memory);
* ``check_question`` end to end: read the catalogue, match subject, activity and election type,
  look up the rules for both election types;
* the public checker page over HTTP (Django test client, anonymous) beside the static FAQ page.
"""

from __future__ import annotations

from benchlib import Goal, Report, time_calls
from django.test import Client

from netra.knowledge import matching, selectors

TITLE = "Knowledge checker: typed question answered, beside the rule lookup alone"
ITERATIONS = 50
WARMUP = 5

QUESTIONS = [
    "bolehkah ASN menyumbang dana untuk partai?",
    "may a lurah wear a party T-shirt at a neighbour's wedding?",
    "Bolehhh gak sih kades dtg ke kampanye pilkada?",
    "PNS boleh gak nge-like postingan caleg di fb?",
]


def run(report: Report) -> None:
    reps = {"iterations": report.iterations, "warmup": report.warmup}
    report.note(f"{len(QUESTIONS)} questions per call; catalogue from the data migration.")
    report.section("One batch of questions")

    def lookup():
        for subject, activity in (("pns", "donate"), ("pns", "wear-attributes"),
                                  ("kepala-desa", "attend-campaign"), ("pns", "social-like")):
            assert selectors.rules_for(subject, activity, "pemilu") is not None

    report.progress("rules_for ...")
    report.timing("rules_for", time_calls(lookup, **reps),
                  label="baseline: rules_for with subject and activity known")

    subjects, activities = selectors.subject_list(), selectors.activity_list()

    def match():
        for question in QUESTIONS:
            assert matching.match_activity(question, activities).sure
            matching.match_subject(question, subjects)

    report.progress("matching ...")
    report.timing("matching", time_calls(match, **reps),
                  label="matching alone (catalogue in memory)", baseline="rules_for")

    def check():
        for question in QUESTIONS:
            assert selectors.check_question(question=question).known

    report.progress("check_question ...")
    report.timing("check_question", time_calls(check, **reps),
                  label="check_question end to end (both election types)",
                  baseline="rules_for")

    report.section("Public pages over HTTP (one request)")
    client = Client()

    def faq():
        assert client.get("/knowledge/faq/").status_code == 200

    def page():
        response = client.get("/knowledge/", {"question": QUESTIONS[0], "election": "pemilu"})
        assert b"kb-answer" in response.content

    report.progress("pages ...")
    report.timing("faq_page", time_calls(faq, **reps), label="baseline: static FAQ page")
    report.timing("checker_page", time_calls(page, **reps),
                  label="checker page answering a typed question", baseline="faq_page",
                  goal=Goal("p95_ms", 300))
