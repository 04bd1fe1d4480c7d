"""办文's demo, loaded by ``load_demo`` (:mod:`office.demo` calls each app's ``demo.load``): 发文, then 收文, then 政务信息."""

from __future__ import annotations


def load() -> int:
    """Create the demo 发文 and 收文 that are not there yet (matched by title); returns how many."""
    from documents.incoming import demo as incoming_demo
    from documents.information import demo as information_demo
    from documents.outgoing import demo as outgoing_demo

    created = outgoing_demo.load() + incoming_demo.load()
    information_demo.load()  # 政务信息 (its items are not documents: not in the count)
    return created
