"""Load what the first preview would otherwise wait for, when a web or worker process starts.

The first PDF of a process used to take about 4 s more than the next ones: jieba reads its word
dictionary (for whole-word title breaks) and reportlab parses the CJK TrueType fonts, both on
first use. A process that serves users renders one small sheet in a background thread as it
starts, so that cost is paid before anyone asks for a preview. Who calls it:

- the web: ``post_worker_init`` in ``gunicorn.conf.py`` (each gunicorn worker);
- Celery: ``worker_process_init`` (each pool process, after the fork — the prefork parent
  loads nothing, so no lock is ever held across a fork), connected in ``DocumentsConfig.ready``.

Management commands and the test suite never call it.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)

_started = threading.Event()


def warm_up() -> float:
    """Render a small preview (PDF and .docx) through the public layout API; the seconds it took."""
    from documents.layout import Sheet
    from documents.layout.docx import render_docx
    from documents.layout.pdf import render_pdf

    began = time.perf_counter()
    sheet = Sheet(
        organ_mark="江城市人力资源和社会保障局文件", doc_number="人社发〔2026〕1号",
        title="江城市人力资源和社会保障局关于做好年度工作的通知", main_recipients="各处室",
        body=("为做好年度工作，现将有关事项通知如下。", "一、总体要求", "（一）工作目标"),
        signatory="江城市人力资源和社会保障局", dated="2026年1月1日", draft=True,
    )
    render_pdf(sheet)
    render_docx(sheet)
    return time.perf_counter() - began


def _run() -> None:
    try:
        log.info("layout warmed up in %.2f s", warm_up())
    except Exception:  # a font problem shows (with its advice) at the first real preview
        log.warning("layout warm-up failed", exc_info=True)


def warm_up_in_background(**_signal_kwargs) -> None:
    """Start the warm-up once per process, without delaying the process's start."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_run, name="sanban-warm-up", daemon=True).start()
