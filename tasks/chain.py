"""How an affair request (用印, 借阅 …) appears in the chain of a matter (office.chain)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from office import chain
from tasks.models import AffairRequest

chain.register(chain.Kind(AffairRequest, N_("办事申请"), number=lambda r: r.number, title=lambda r: r.title, order=80))
