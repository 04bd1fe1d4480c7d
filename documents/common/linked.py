"""What other apps made from a document, as its pages show it: read through the core's links
(:mod:`office.links`), never the other apps' models. One read for the 收文 and the 发文 page alike:
the supervised items its 批示 opened, the archive loans still out (档案借阅: to whom, until when)
and — for a 发文 — its seal use (用印)."""

from __future__ import annotations

from office import links

KINDS = (links.LinkKind.SUPERVISE, links.LinkKind.LOAN, links.LinkKind.SEAL)
#: A loan's request while the document is out (its link follows the request's state).
LENT = "lent"


def document_links(user, document) -> dict:
    """``supervised``, ``loans`` (out now) and ``seal_uses``: the links the user may see, one read."""
    found = links.links_from(user=user, source=document, kinds=KINDS)
    return {
        "supervised": [link for link in found if link.kind == links.LinkKind.SUPERVISE],
        "loans": [link for link in found if link.kind == links.LinkKind.LOAN and link.state == LENT],
        "seal_uses": [link for link in found if link.kind == links.LinkKind.SEAL],
    }
