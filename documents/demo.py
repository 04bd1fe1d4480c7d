"""办文's demo, loaded by ``load_demo`` (:mod:`office.demo` calls each app's ``demo.load``): half a year of
finished 收文 and 发文 first (so today's numbers continue the past's), then today's 发文 and 收文, then 政务信息."""

from __future__ import annotations


def load() -> int:
    """Create the demo 发文 and 收文 that are not there yet (matched by title); returns how many."""
    from documents import demo_history
    from documents.incoming import demo as incoming_demo
    from documents.information import demo as information_demo
    from documents.outgoing import demo as outgoing_demo

    demo_history.load(  # the past (not counted: today's documents are)
        skip_refs={(d.sender_org, d.sender_ref) for d in incoming_demo.DOCS})
    created = outgoing_demo.load() + incoming_demo.load()
    information_demo.load()  # 政务信息 (its items are not documents: not in the count)
    return created
