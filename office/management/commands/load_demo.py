import json

from django.core.management.base import BaseCommand

from office.demo import load_demo


class Command(BaseCommand):
    help = "Create or refresh the demo organ (idempotent: run twice, same data)."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
