"""Event handlers of the test app: stand-ins for what supervision will do on a 批示, and a
handler that fails, so the core's events are testable without any business app."""

from __future__ import annotations

from office import links
from tests.policy_app.models import Dossier


def item_open_from_instruction(*, source, leader, actor, text, units, due) -> None:
    """As supervision will: a 批示 asking for supervision opens an item, linked from its source."""
    if not isinstance(source, Dossier):
        return
    item = Dossier.objects.create(
        title=f"督办：{text}"[:100], secret_level=source.secret_level, lead_unit=units[0] if units else None,
    )
    item.routed_to.add(leader)
    links.link_create(actor=None, source=source, target=item, kind="supervise", state="open", due_on=due)


def issued_explode(*, document, **payload) -> None:
    """Fails for a dossier titled 故障…: the issuing must stand all the same."""
    if isinstance(document, Dossier) and document.title.startswith("故障"):
        Dossier.objects.create(title="不应留下的半截记录")
        raise RuntimeError("下游处理失败")


def issued_record(*, document, **payload) -> None:
    if isinstance(document, Dossier):
        Dossier.objects.create(title=f"已印发：{document.title}"[:100], secret_level=document.secret_level)
