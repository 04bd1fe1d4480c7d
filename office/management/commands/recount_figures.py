"""Recount every dashboard figure (看板) from the data.

``recount_figures`` replaces the stored figures (what the beat does every few minutes);
``recount_figures --compare`` writes nothing: it lists the stored figures that differ from a
fresh recount and exits with status 1 if any does.
"""

from django.core.management.base import BaseCommand, CommandError

from office import figures
from office.models import Figure


class Command(BaseCommand):
    help = "Recount the dashboards' figures (or, with --compare, check the stored ones against a recount)."

    def add_arguments(self, parser):
        parser.add_argument("--compare", action="store_true", help="write nothing; report stored figures that differ")

    def handle(self, *args, **options):
        if not options["compare"]:
            self.stdout.write(f"{figures.refresh()} figures")
            return
        fresh = {(k, u, p, d): v for k, u, p, d, v in figures.recount()}
        stored = {(f.key, f.unit_id, f.period, f.dim): f.value for f in Figure.objects.all()}
        differ = sorted(
            (key for key in fresh.keys() | stored.keys() if fresh.get(key) != stored.get(key)),
            key=lambda key: tuple("" if part is None else str(part) for part in key),
        )
        for key in differ:
            self.stdout.write(f"{key}: stored {stored.get(key)} recount {fresh.get(key)}")
        if differ:
            raise CommandError(f"{len(differ)} figures differ from a recount")
        self.stdout.write(f"{len(fresh)} figures match a recount")
