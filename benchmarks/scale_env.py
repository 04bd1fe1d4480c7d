"""What every scale benchmark sets before Django is imported: the project on ``sys.path`` and, unless
the environment says otherwise, the scale database, the plain settings and a quiet log."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sanban_scale")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
os.environ.setdefault("SANBAN_VAR_DIR", "/tmp/sanban-var-scale")
os.environ.setdefault("LOG_LEVEL", "WARNING")
