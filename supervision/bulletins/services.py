"""督查通报: generated from the data (:mod:`supervision.bulletins.figures`), then a draft 通报 in the
发文 pipeline (``documents.outgoing.services.outgoing_create``), linked bulletin → 发文 by the core."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office import links
from office.audit import audit_record
from office.models import User
from office.permissions import require
from supervision.bulletins import figures
from supervision.bulletins.text import bulletin_body
from supervision.choices import BulletinState
from supervision.exports.drafts import DRAFT_LINK, draft_prefix
from supervision.items.selectors import items_visible
from supervision.models import Bulletin


@transaction.atomic
def bulletin_generate(*, actor: User, period: str, year: int, index: int = 0, request=None) -> Bulletin:
    """Count the period's figures (again, while the bulletin is a draft)."""
    require(actor, "supervision.manage", request=request)
    try:
        span = figures.period_of(period, year, index)
    except ValueError:
        raise ValidationError({"index": _("请选择正确的月份或季度。")}) from None
    today = timezone.localdate()
    if span.starts_on > today:
        raise ValidationError({"index": _("该期间尚未开始，不能生成通报。")})
    bulletin = Bulletin.objects.select_for_update().filter(period=period, year=year, index=span.index).first()
    if bulletin is not None and bulletin.state != BulletinState.DRAFT:
        raise ValidationError(_("该期通报已转为发文，不能重新生成。"))
    data = figures.compute(items_visible(actor), span, today)
    if bulletin is None:
        bulletin = Bulletin(period=period, year=year, index=span.index, created_by=actor)
    bulletin.starts_on, bulletin.ends_on = span.starts_on, span.ends_on
    bulletin.title = _("关于%(period)s督查督办工作情况的通报") % {"period": span.label}
    bulletin.figures = data
    bulletin.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError:
        raise ValidationError(_("该期通报正由他人生成，请稍后刷新。")) from None
    audit_record(actor=actor, action="supervision.bulletin_generate", obj=bulletin, request=request)
    return bulletin


@transaction.atomic
def bulletin_to_outgoing(*, actor: User, bulletin: Bulletin, request=None):
    """The bulletin becomes a draft 通报 (发文) of the office: numbered, signed and issued as any other."""
    from documents.outgoing import services as outgoing

    require(actor, "supervision.manage", request=request)
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if locked.state != BulletinState.DRAFT:
        raise ValidationError(_("该期通报已转为发文。"))
    document = outgoing.outgoing_create(actor=actor, request=request, data=outgoing.DraftData(
        doc_type=outgoing.DocType.BULLETIN, direction=outgoing.Direction.DOWN, form=outgoing.LayoutForm.FILE, prefix=draft_prefix(),
        title=locked.title, body=bulletin_body(locked), main_recipients=_("局机关各处室"),
        version_note=_("由督查通报生成"),
    ))
    links.link_create(actor=None, source=locked, target=document, kind=DRAFT_LINK, state=document.state)
    locked.state = BulletinState.SENT
    locked.save(update_fields=["state"])
    audit_record(actor=actor, action="supervision.bulletin_to_outgoing", obj=locked,
                 detail={"outgoing": document.pk}, request=request)
    return document
