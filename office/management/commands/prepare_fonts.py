import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand

from office import fonts


def _prepare(face: str) -> tuple[str, str, float]:
    started = time.monotonic()
    path, converted_now = fonts.bundled_prepare(face)
    return face, str(path), round(time.monotonic() - started, 1) if converted_now else 0.0


class Command(BaseCommand):
    help = (
        "Convert the bundled fallback fonts to TrueType for the PDFs where a role has neither the "
        "organ's font nor Debian's, and Debian's Noto Serif CJK SC Bold for the 小标宋 titles "
        "(once: the results are kept in DOCUMENTS_FONT_CACHE_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="convert every bundled face, needed or not")
        parser.add_argument("--skip-heavy-serif", action="store_true",
                            help="do not convert Debian's Noto Serif CJK SC Bold for the titles (about two minutes)")

    def handle(self, *args, **options):
        status = fonts.font_status()
        if options["all"]:
            faces = sorted(fonts.BUNDLED_FACES)
        else:
            faces = sorted({fonts.ROLES[role].bundled for role, entry in status["roles"].items()
                            if entry["source"] == fonts.BUNDLED})
        pending = [face for face in faces if not fonts.bundled_target(face).is_file()]
        if len(pending) > 1:  # about half a minute each: one process per face
            workers = min(len(pending), os.cpu_count() or 1)
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_prepare, faces))
        else:
            results = [_prepare(face) for face in faces]
        bundled = {face: {"file": path, "converted_in_seconds": seconds} for face, path, seconds in results}
        heavy = None
        if not options["skip_heavy_serif"]:
            started = time.monotonic()
            made = fonts.heavy_serif_prepare()  # 小标宋: about two minutes, once
            if made is not None:
                heavy = {"file": str(made[0]), "converted_in_seconds": round(time.monotonic() - started, 1) if made[1]
                         else 0.0}
        status = fonts.font_status()
        roles = {role: f"{entry['source']} ({entry['file']})" for role, entry in status["roles"].items()}
        self.stdout.write(json.dumps({"roles": roles, "bundled": bundled, "heavy_serif": heavy}, ensure_ascii=False))
