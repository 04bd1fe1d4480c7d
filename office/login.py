"""The login form: input the lockout library and the database cannot take is refused first.

Django's ``AuthenticationForm`` sets the username's ``maxlength`` for the browser only and
hands any username to ``authenticate()``; django-axes then stores it in 255 characters and a
longer one ended in a 500. Here a username longer than the account model allows (150) or
holding a control character, and a password holding NUL, are refused with a Chinese message
before authentication. The attempt is still a failed login: it is audited and counted by the
lockout under a printable, shortened form of the username.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _


def _is_control(char: str) -> bool:
    """Control, format, surrogate, private-use and unassigned characters (Unicode class C)."""
    return unicodedata.category(char)[0] == "C"


def printable(value: str, limit: int = 150) -> str:
    """``value`` for the audit log and the lockout table: control characters spelled out, cut to ``limit``."""
    text = "".join(f"\\x{ord(c):02x}" if _is_control(c) and ord(c) < 0x100 else
                   f"\\u{ord(c):04x}" if _is_control(c) else c for c in value[: limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UsernameValidator:
    """At most the model's length, no control characters (NUL included)."""

    def __init__(self, max_length: int):
        self.max_length = max_length

    def __call__(self, value: str) -> None:
        if len(value) > self.max_length:
            raise ValidationError(
                _("用户名不能超过 %(max)d 个字符，请检查后重新输入。"), code="too_long", params={"max": self.max_length}
            )
        if any(_is_control(c) for c in value):
            raise ValidationError(_("用户名中含有不允许的字符（如控制字符），请重新输入。"), code="bad_characters")


def no_null_in_password(value: str) -> None:
    if "\x00" in value:
        raise ValidationError(_("密码中含有不允许的字符，请重新输入。"), code="bad_characters")


class LoginForm(AuthenticationForm):
    #: Field errors that mean "refused input", not "left empty": they count as a failed login.
    REFUSED = frozenset({"too_long", "bad_characters"})

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        max_length = self.username_field.max_length or 150
        # Django's NUL check says "不允许是用空字符串" in Chinese: ours say what is wrong.
        username.validators = [
            *(v for v in username.validators if not isinstance(v, ProhibitNullCharactersValidator)),
            UsernameValidator(max_length),
        ]
        password.validators = [
            *(v for v in password.validators if not isinstance(v, ProhibitNullCharactersValidator)),
            no_null_in_password,
        ]

    def clean(self):
        errors = self.errors.as_data()
        refused = any(error.code in self.REFUSED for name in ("username", "password") for error in errors.get(name, ()))
        if not refused:
            return super().clean()
        # No authenticate(): the attempt is a failure as it stands. Audit it (office.signals)
        # and let the lockout count it, under a name both can store.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": printable(str(self.data.get("username", "")))},
            request=self.request,
        )
        return self.cleaned_data
