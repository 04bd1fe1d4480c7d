import json

from django.core.management.base import BaseCommand, CommandError

from office.demo import load_demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo organ (idempotent: run twice, same data). All or nothing: "
        "a failure leaves nothing of this run behind, and running it again completes it."
    )

    def handle(self, *args, **options):
        try:
            counts = load_demo()
        except Exception as exc:  # any failure: say that nothing was kept
            if options.get("traceback"):
                raise
            raise CommandError(
                f"load_demo failed and was rolled back: nothing of this run was kept ({exc.__class__.__name__}: "
                f"{exc}). Fix the cause and run it again; --traceback shows where it failed."
            ) from exc
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
