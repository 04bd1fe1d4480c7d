"""How a 督办事项 appears in the chain of a matter (office.chain): its steps (交办, 进展, 延期,
办结, 销号) are its step records; its source (a 批示, a 议定事项, 政务信息) is a core link."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from office import chain
from supervision.models import SupervisedItem

chain.register(chain.Kind(SupervisedItem, N_("督办事项"), number=lambda i: i.serial_display, order=40))
