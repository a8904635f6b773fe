from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netra.core.request_context import origin
from netra.imports.models import ImportJob
from netra.imports.services import resume_import

from ._common import run_in_foreground


class Command(BaseCommand):
    help = (
        "Resume a failed or interrupted import job from its checkpoint, in the foreground "
        "(rows already committed are not imported again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, job_id, **options):
        try:
            job = ImportJob.objects.get(pk=job_id)
        except ImportJob.DoesNotExist as exc:
            raise CommandError(f"No import job {job_id}") from exc
        with origin("command", "import_resume"):
            try:
                job = resume_import(job, dispatch=False)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"Import job {job.pk}: resuming after line {job.checkpoint}")
            run_in_foreground(self, job)
