"""``make run`` (issue 12, points 8 and 10): e-mail links follow the address it serves, Ctrl-C stops
the Celery worker cleanly, and the processes that serve users load the layout as they start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _base_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("SANBAN_BASE_URL", "SANBAN_HOST", "SANBAN_PORT")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SANBAN_BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "office.settings", **env},
    )
    return result.stdout.strip().splitlines()[-1]


def test_email_links_follow_the_port_make_run_serves():
    assert _base_url(SANBAN_HOST="127.0.0.1", SANBAN_PORT="8080") == "http://127.0.0.1:8080"
    assert _base_url() == "http://127.0.0.1:8000"
    assert _base_url(SANBAN_PORT="8080", SANBAN_BASE_URL="https://oa.example.gov.cn") == "https://oa.example.gov.cn"


def test_make_run_passes_its_host_and_port_on():
    result = subprocess.run(["make", "-n", "run", "PORT=8080", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True)
    command = next(line for line in result.stdout.splitlines() if "honcho start" in line)
    assert "SANBAN_HOST=0.0.0.0" in command and "SANBAN_PORT=8080" in command and "--port 8080" in command


def test_every_procfile_command_replaces_its_shell():
    """honcho signals the shell it started; with ``exec`` that is celery (or gunicorn) itself, which
    then shuts down warm and reports rc=0 instead of being orphaned or killed."""
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()]
    assert {line.split(":", 1)[0] for line in lines} == {"web", "worker", "beat"}
    for line in lines:
        assert line.split(":", 1)[1].strip().startswith("exec "), line


def test_worker_and_web_processes_warm_the_layout_up():
    from celery.signals import worker_process_init

    from documents import warmup

    receivers = [r[1] for r in worker_process_init.receivers]  # connected with weak=False: the function
    assert warmup.warm_up_in_background in receivers
    assert "post_worker_init" in (ROOT / "gunicorn.conf.py").read_text()
    assert warmup.warm_up() < 30  # renders a preview (PDF and .docx) without error
