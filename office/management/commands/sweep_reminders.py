import json

from django.core.management.base import BaseCommand

from office.deadlines import sweep


class Command(BaseCommand):
    help = "Run one reminder sweep in the foreground and print what it did as one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        result = sweep(batch_size=options["batch_size"])
        self.stdout.write(json.dumps(result.as_dict()))
