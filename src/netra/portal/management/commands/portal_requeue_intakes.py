"""``netra portal_requeue_intakes``: the portal's intake sweeper, by hand or from cron."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netra.portal.services import requeue_pending_intakes


class Command(BaseCommand):
    help = ("Queue again the intake of every portal submission that was acknowledged but whose "
            "case was not opened (a worker died or the queue lost the job). Safe to repeat: a "
            "submission that has its case is left alone.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=120, metavar="SECONDS",
                            help="only submissions older than this (default 120 s)")

    def handle(self, *args: Any, **options: Any) -> None:
        count = requeue_pending_intakes(older_than=timedelta(seconds=options["older_than"]))
        self.stdout.write(f"Queued again: {count}")
