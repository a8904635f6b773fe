from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from netra.core.demo import demo_loaders, load_demo_data
from netra.core.request_context import origin


class Command(BaseCommand):
    help = ("Load the demo data every app registers (organisations and one user per role, "
            "elections, cases …), in order. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", metavar="LOADER",
                            help="Run only these loaders: "
                                 + ", ".join(d.name for d in demo_loaders()))

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            with origin("command", "load_demo_data"):
                logins = load_demo_data(only=options.get("only"))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (password for all: "
                                             f"{settings.NETRA_DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role:<32} {login.organisation}")
