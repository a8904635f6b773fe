"""``netra make_comprehensive_report --office PK --election PK --actor USERNAME``: generate an
office's Laporan Komprehensif (PDF + XLSX) and print where it is and its SHA-256."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from netra.elections.selectors import election_list
from netra.orgs.selectors import organisation_list


class Command(BaseCommand):
    help = "Generate an office's comprehensive supervision report for an election."

    def add_arguments(self, parser):
        parser.add_argument("--office", type=int, required=True)
        parser.add_argument("--election", type=int, required=True)
        parser.add_argument("--actor", required=True,
                            help="Username whose jurisdiction the figures are counted in.")
        parser.add_argument("--public", action="store_true",
                            help="The public edition: reported persons by position, never name.")

    def handle(self, *args, office, election, actor, public=False, **options):
        from netra.core.exceptions import OutOfScope
        from netra.risk.reports import build_report, request_report

        user = get_user_model().objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {actor!r}.")
        organisation = organisation_list(user=user).filter(pk=office).first()
        chosen = election_list(user=user).filter(pk=election).first()
        if organisation is None or chosen is None:
            raise CommandError("Office or election not found in the actor's jurisdiction.")
        try:
            report = request_report(actor=user, organisation=organisation, election=chosen,
                                    public=public)
        except OutOfScope as exc:
            raise CommandError("The actor may not generate this office's report.") from exc
        report = build_report(report.pk)
        if report.status != "done":
            raise CommandError(f"Report {report.pk} {report.status}: {report.failure}")
        self.stdout.write(f"report {report.pk}: snapshot {report.snapshot_at:%Y-%m-%d %H:%M}")
        self.stdout.write(f"  PDF  {report.pdf.name}  sha256 {report.pdf_sha256}")
        self.stdout.write(f"  XLSX {report.xlsx.name}  sha256 {report.xlsx_sha256}")
