"""The stage of a to-do (待登记, 待批示 …), kept apart from its title so each reader sees it in his language.

Workflows still describe a to-do by a title such as "【待登记】关于…的通知" (:class:`Notice`);
:func:`todo_open` splits the bracketed stage off into ``Todo.stage`` and keeps the rest as the title.
The stage is stored as its Chinese msgid: a label that arrives already translated (the actor worked
in English, so ``gettext`` gave "Awaiting registration") is mapped back through the English catalogue.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.translation import gettext

#: "【待登记】关于…": the stage in 【】 at the start of a title (the migration uses the same pattern).
STAGE_PREFIX = re.compile(r"^【([^】]{1,40})】\s*(.*)$", re.DOTALL)
STAGE_MAX = 40


@lru_cache(maxsize=1)
def _msgids_by_english() -> dict[str, str]:
    from django.utils.translation import trans_real

    try:  # Django's loaded catalogue (a private attribute: without it, labels are kept as written)
        catalogue = trans_real.translation("en")._catalog
        return {str(text): str(msgid) for msgid, text in catalogue.items()
                if isinstance(msgid, str) and isinstance(text, str) and len(text) <= 60}
    except (AttributeError, LookupError, OSError):
        return {}


def stage_msgid(label: str) -> str:
    """The Chinese msgid of a stage label, whichever language it was written in."""
    label = label.strip()
    return _msgids_by_english().get(label, label)


def stage_split(title: str) -> tuple[str, str]:
    """("待登记", "关于…") from "【待登记】关于…"; ("", title) when it has no bracketed stage."""
    found = STAGE_PREFIX.match(title or "")
    if not found:
        return "", title
    return stage_msgid(found.group(1))[:STAGE_MAX], found.group(2)


def stage_label(stage: str) -> str:
    """The stage in the reader's (active) language."""
    return gettext(stage_msgid(stage)) if stage else ""
