"""Proxy models that give one administrator their own view of a shared table."""

from django.utils.translation import gettext_lazy as _

from office.models.org import User


class UserSecurity(User):
    """An account as the security administrator sees it: role, clearance, 分管."""

    class Meta:
        proxy = True
        verbose_name = _("角色与密级")
        verbose_name_plural = _("角色与密级")
