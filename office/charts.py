"""A dashboard's bar chart and the table beside it (``office/board/_chart.html``, ``static/js/board.js``)."""

from __future__ import annotations


def chart(key: str, title: str, labels: list[str], series: list[dict], *, suffix: str = "", caption: str = "",
          columns: bool = False, row_label: str = "") -> dict:
    """A bar chart and the table beside it (``office/board/_chart.html``).

    ``series``: ``[{"label": …, "data": [numbers or None], "links": [url or ""]}]``, one value per label.
    ``columns``: upright bars (a time series); otherwise bars lie down once there are many labels.
    """
    series = [{**s, "data": [_tidy(v) for v in s["data"]]} for s in series]
    return {
        "id": f"chart-{key}",
        "title": title,
        "caption": caption,
        "suffix": suffix,
        "columns": columns,
        "row_label": row_label,
        "labels": [str(label) for label in labels],
        "series": [{"label": str(s["label"]), "data": s["data"], "links": s.get("links") or [""] * len(labels)}
                   for s in series],
        "rows": [
            (str(label), [(s["data"][i], (s.get("links") or [""] * len(labels))[i]) for s in series])
            for i, label in enumerate(labels)
        ],
    }


def _tidy(value):
    """3.0 → 3, 2.345 → 2.3; None stays None (no data)."""
    if value is None:
        return None
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value
