from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from netra.core.demo import load_demo_data
from netra.core.request_context import origin


class Command(BaseCommand):
    help = "Load the Banten / Serang City demo organisations and one demo user per role."

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            with origin("command", "load_demo_data"):
                logins = load_demo_data()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (password for all: "
                                             f"{settings.NETRA_DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role:<32} {login.organisation}")
