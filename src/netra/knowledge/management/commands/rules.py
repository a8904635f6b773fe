"""``netra rules check --subject "SUBJECT" --election pemilu|pilkada "QUESTION"``.

Prints the matched subject and activity and, as its last line,
``verdict=forbidden|allowed|depends basis="..."``; when the subject or the activity is not
recognised, or the catalogue has no rule, a clear message and ``verdict=unknown basis=""`` with
exit status 1. ``--date YYYY-MM-DD`` answers as of another day (the basis that applied then).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from netra.knowledge import selectors
from netra.knowledge.choices import ElectionScope


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class Command(BaseCommand):
    help = "Regulation catalogue from the command line: `rules check` answers a question."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check", help="Is this allowed? Prints the verdict as the last line."
        )
        check.add_argument("question", help="The question, in Indonesian or English.")
        check.add_argument(
            "--subject",
            default="",
            help='Who is asking: "PNS", "Lurah (PNS)", "Kepala desa", "anggota BPD" …',
        )
        check.add_argument(
            "--election", required=True, choices=[ElectionScope.PEMILU, ElectionScope.PILKADA]
        )
        check.add_argument("--date", default="", help="Answer as of this date (YYYY-MM-DD).")
        check.add_argument("--language", default="id", choices=["id", "en"])

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        with translation.override(options["language"]):
            result = selectors.check_question(
                question=options["question"],
                subject=options["subject"] or None,
                election=options["election"],
                on=on,
            )
            self._print(result, options)

    def _print(self, result, options):
        out = self.stdout.write
        subject_conf = getattr(result.subject_match, "best", None)
        activity_conf = getattr(result.activity_match, "best", None)
        if result.subject:
            out(
                f"subject: {result.subject.label} [{result.subject.code}]"
                + (f" confidence={subject_conf.confidence:.2f}" if subject_conf else "")
            )
        else:
            out("subject: not recognised")
        if result.activity:
            out(
                f"activity: {result.activity.label} [{result.activity.code}]"
                + (f" confidence={activity_conf.confidence:.2f}" if activity_conf else "")
            )
        else:
            out("activity: not recognised")
        out(f"election: {options['election']}")
        answer = result.answers[0][1] if result.answers else None
        if answer is None:
            if result.reason == "subject":
                message = (
                    "Not sure who is asking: give --subject (PNS, PPPK, kepala desa, "
                    "perangkat desa, anggota BPD, TNI, Polri)."
                )
            elif result.reason == "activity":
                message = "Not sure what the question is about: no activity matched well enough."
            else:
                message = "Not known: the catalogue has no rule for this subject and activity."
            self.stderr.write(message)
            out('verdict=unknown basis=""')
            raise SystemExit(1)
        if answer.is_depends:
            out(f"depends on: {answer.rule.condition_text}")
        for item in answer.sanctions:
            out(f"sanction: {item.sanction.get_kind_display()}: {item.sanction.penalty}")
        if answer.recipient:
            out(f"handled by: {answer.recipient.label}")
        out(f"source: {answer.rule.source}")
        out(f'verdict={answer.verdict} basis="{_quote(answer.basis_text())}"')
