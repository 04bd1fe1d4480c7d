"""Text typed or pasted into a form, made safe to keep, to print and to export.

XML 1.0 — and so .docx, .xlsx, ODF and every file the renderers write — cannot hold the
C0 control characters other than TAB, LF and CR, nor U+FFFE, U+FFFF or a lone surrogate;
PostgreSQL cannot hold NUL. They arrive with text pasted from other programs (a form
feed from a page break, Word's vertical-tab line break, an ESC from a terminal).

The rule, the same for every form that derives from :class:`SafeTextForm`: **strip with a
note**. The characters are taken out of every text field, the form is refused once with a
message on the field saying how many were removed, and the cleaned text is what the page
shows again — the person sees what will be saved and submits once more. Nothing that
cannot be printed is ever saved, and nothing is changed behind the person's back.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Everything outside XML 1.0's Char production (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-]).
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (for renderers: the defensive last step)."""
    return INVALID_XML.sub("", text) if text else text


#: A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    """A spreadsheet cell's text (.xlsx exports): nothing XML cannot hold, and never a formula (a
    leading ``=``, ``+``, ``-``, ``@`` is kept as text behind an apostrophe)."""
    text = xml_safe("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


class SafeTextMixin:
    """Strips characters XML cannot hold from every text field's input and refuses once with a note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: field name → how many characters were taken out of its input.
        self.stripped_characters: dict[str, int] = {}
        if self.is_bound:
            self._strip_invalid_characters()

    def _strip_invalid_characters(self) -> None:
        data = None
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or field.disabled:
                continue
            key = self.add_prefix(name)
            source = data if data is not None else self.data
            multi = hasattr(source, "getlist")
            raw = source.getlist(key) if multi else source.get(key)
            values = raw if isinstance(raw, list) else [raw]
            removed = sum(len(INVALID_XML.findall(v)) for v in values if isinstance(v, str))
            if not removed:
                continue
            if data is None:
                data = self.data.copy()  # a QueryDict's copy is mutable
            cleaned = [xml_safe(v) if isinstance(v, str) else v for v in values]
            if multi:
                data.setlist(key, cleaned)
            else:
                data[key] = cleaned if isinstance(raw, list) else cleaned[0]
            self.stripped_characters[name] = removed
        if data is not None:
            self.data = data

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name, count in self.stripped_characters.items():
            self.add_error(name, ValidationError(
                _("已删除%(count)s个无法保存和打印的控制字符（多为从其他软件粘贴带入），请核对后再次提交。"),
                code="control_characters", params={"count": count},
            ))


class SafeTextForm(SafeTextMixin, forms.Form):
    """The base of every input form whose text is kept: see the module's rule."""
