"""The English catalogue is complete and its compiled form matches the source."""

from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_every_string_has_an_english_translation():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert untranslated == [], f"untranslated: {untranslated}"


def test_compiled_catalogue_matches_the_source():
    """A fresh machine uses the committed .mo: it must hold what the .po says."""
    # Keyed by (context, msgid): 收文 in the navigation ("nav": Incoming) is another entry than 收文.
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(CATALOGUE / "django.po")) if e.msgid and not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(CATALOGUE / "django.mo")) if e.msgid}
    assert mo == po
