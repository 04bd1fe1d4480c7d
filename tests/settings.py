"""Settings for the test suite: PostgreSQL and Redis, as in production.

``DATABASE_URL`` / ``REDIS_URL`` default to the servers on 127.0.0.1; the test
command (``scripts/run_tests.py``) starts throwaway ones when those are not up.
"""

import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sanban")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# One reused folder (not a new one per run) unless the test command gives its own.
os.environ.setdefault("SANBAN_VAR_DIR", os.path.join(tempfile.gettempdir(), "sanban-test-var"))
# Under pytest-xdist each worker has its own test database (test_sanban_gw0, …) and its own
# folder for files, so that one worker's sweep never sees the other's files as orphans.
# The bundled fonts converted to TrueType (half a minute each) are one cache for every worker and
# every run: office.fonts converts under a file lock, so one worker converts and the other waits.
os.environ.setdefault("DOCUMENTS_FONT_CACHE_DIR", os.path.join(os.environ["SANBAN_VAR_DIR"], "fonts"))
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.path.basename(os.environ["SANBAN_VAR_DIR"].rstrip("/")) != _worker:
    os.environ["SANBAN_VAR_DIR"] = os.path.join(os.environ["SANBAN_VAR_DIR"], _worker)
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from office.settings import *  # noqa: E402,F403
from office.settings import INSTALLED_APPS, STORAGES  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.policy_app.apps.PolicyAppConfig"]
# Fast hashing: the suite creates many accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# WhiteNoise warns on every request when STATIC_ROOT is missing; the suite serves from finders.
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405

# A Celery worker started by the suite (tests/office/test_celery.py) writes its e-mail
# as files where the test can read them.
if os.environ.get("SANBAN_TEST_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["SANBAN_TEST_EMAIL_DIR"]
