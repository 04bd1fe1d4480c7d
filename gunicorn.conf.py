"""gunicorn reads this file from the working directory (``make run``, the README's deployment).

Each worker loads the layout's dictionary and fonts as it starts (:mod:`documents.warmup`),
so the first preview of a document is as quick as the next ones.
"""


def post_worker_init(worker):
    from documents.warmup import warm_up_in_background

    warm_up_in_background()
