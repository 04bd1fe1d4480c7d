"""What supervision hands to the 发文 pipeline (the bulletin, the inspection report): the prefix a
draft is made under and the core's link kind from the supervision object to its draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from office.models import IssuingPrefix, LinkKind

#: The core's link kind bulletin/inspection → the 发文 draft made from it.
DRAFT_LINK = LinkKind.DRAFT


def draft_prefix() -> IssuingPrefix:
    """The office's own 机关代字 (…办发) when there is one, else the first active one."""
    prefixes = list(IssuingPrefix.objects.filter(is_active=True).order_by("sort_order", "id"))
    if not prefixes:
        raise ValidationError(_("没有可用的机关代字，请联系系统管理员。"))
    return next((p for p in prefixes if p.code.endswith("办发")), prefixes[0])
