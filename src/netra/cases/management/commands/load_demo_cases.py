from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from netra.cases.demo import KASN_OFFICER, load_demo_cases
from netra.core.request_context import origin


class Command(BaseCommand):
    help = ("Load the demo elections (Pemilu 2024, Pilkada Kota Serang 2024 and a Pilkada in "
            "progress dated from today) and the Serang City demo cases. Run load_demo_data "
            "first. Idempotent.")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            with origin("command", "load_demo_cases"):
                result = load_demo_cases()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Demo cases ready: {result.created} created, {result.kept} already present."))
        if result.created:
            self.stdout.write(f"  {KASN_OFFICER[0]:<20} recipient officer of KASN "
                              "(answers the Pemilu 2024 recommendations)")
        for number in result.explicit_numbers:
            self.stdout.write(f"  registration number set explicitly: {number}")
