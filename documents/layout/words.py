"""Where the words of a Chinese title begin, so a line never breaks inside one (GB/T 9704 7.3.1:
"标题回行时，要做到词意完整").

Chinese has no spaces; jieba's dictionary segmentation finds the words. It loads its
dictionary once per process (about half a second) and keeps its cache in the node's
``VAR_DIR``.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba
            from django.conf import settings

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(getattr(settings, "VAR_DIR", "")) or None
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


@lru_cache(maxsize=1024)
def word_starts(text: str) -> frozenset[int]:
    """The offsets in ``text`` at which a word begins (0 and len(text) included)."""
    starts, offset = {0, len(text)}, 0
    for word in _jieba().lcut(text, HMM=True):
        offset += len(word)
        starts.add(offset)
    return frozenset(starts)
