"""The 通报's text, written from its figures (the draft the office edits in the 发文 pipeline)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


def bulletin_body(bulletin) -> str:
    f = bulletin.figures
    t = f["totals"]
    lines = [
        _("局机关各处室："),
        _("根据督查督办系统数据，现将%(start)s至%(end)s督查督办工作情况通报如下。") % {
            "start": f"{bulletin.starts_on:%Y年%-m月%-d日}", "end": f"{bulletin.ends_on:%Y年%-m月%-d日}"},
        _("一、总体情况"),
        _("本期交办督办事项%(assigned)s项，办结%(finished)s项，其中按期办结%(on_time)s项、逾期办结%(late)s项；"
          "逾期未办结%(overdue)s项，未按时反馈进展%(missed)s项。本期到期事项%(due)s项，按期办结率%(rate)s。") % {
            **t, "rate": _rate(t["rate"])},
        _("二、各处室按期办结情况"),
    ]
    ranked = [r for r in f["rows"] if r["rank"] is not None]
    for r in ranked:
        lines.append(_("第%(rank)s名：%(unit)s，到期%(due)s项，按期办结%(due_on_time)s项，按期办结率%(rate)s；"
                       "逾期未办结%(overdue)s项。") % {**r, "rate": _rate(r["rate"])})
    if not ranked:
        lines.append(_("本期无到期事项。"))
    lines.append(_("三、逾期事项"))
    for n, item in enumerate(f["overdue"], 1):
        lines.append(_("%(n)s. %(serial)s %(title)s（%(unit)s，时限%(due)s）：%(reason)s。") % {
            "n": n, "serial": item["serial"], "title": item["title"], "unit": item["unit"], "due": item["due_on"],
            "reason": item["reason"]})
    if not f["overdue"]:
        lines.append(_("本期无逾期事项。"))
    lines.append(_("四、办理质量较好的事项"))
    for n, item in enumerate(f["good"], 1):
        lines.append(_("%(n)s. %(serial)s %(title)s（%(unit)s）。") % {
            "n": n, "serial": item["serial"], "title": item["title"], "unit": item["unit"]})
    if not f["good"]:
        lines.append(_("本期无评价为“好”的办结事项。"))
    lines.append(_("五、下一步要求"))
    lines.append(_("各处室要对照通报情况，逐项抓好落实；逾期事项要说明原因、明确整改时限，按要求报送进展。"))
    return "\n".join(lines)
