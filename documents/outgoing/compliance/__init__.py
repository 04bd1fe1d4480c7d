"""合规检查: is an outgoing 公文 (发文) drafted as 《党政机关公文处理工作条例》 and
GB/T 9704-2012 require?

A pure module — no model, no ORM, no request. The services describe the document as a
:class:`Draft` and :func:`check` answers with a list of :class:`Problem`: each names the
form field it points at, says in plain Chinese what is wrong and how to put it right, and
is either *blocking* (it stops 签发 and 印发) or an advisory the user may overrule.

Some rules depend on the stage the check is run for (:data:`STAGES`):

* ``office_check`` — 办公室核稿;
* ``sign`` — before 签发;
* ``issue`` — before 印发 (the 文号, the 成文日期 and, for a 涉密 document, the 份号 must
  then be there).

The rules (one function each in :mod:`.rules`, listed in :data:`RULES`), by code (B = blocking,
A = advisory; "B/A" depends on the stage or the type):

=============================  ===================  ===========================================
code                           field                when
=============================  ===================  ===========================================
doc_type_invalid               doc_type             B  not a :class:`DocType`
direction_invalid              direction            B  not a :class:`Direction`
direction_not_allowed          direction            B  the 文种 does not go that way (DOC_TYPE_GUIDE)
form_invalid                   form                 B  not a :class:`LayoutForm`
form_letter                    form                 A  信函式 for another type than 函
form_minutes                   form                 B  纪要式 for another type than 纪要
title_missing                  title                B  empty title (no other title check then)
title_punctuation              title                B  the title ends with a punctuation mark
title_doc_type                 title                B  the title does not end with the 文种
title_organ                    title                B  no organ name in the title (A for 函 信函式;
                                                       not checked for 纪要)
request_several_matters        title / body         A  a 请示 that seems to ask for several things
main_recipients_missing        main_recipients      B  no 主送 (A for 纪要, 公报, 决议; not checked for 命令)
main_recipients_forbidden      main_recipients      B  a 公告/通告 with a 主送
request_recipients             main_recipients      B  a 请示 with more than one 主送
cc_repeats_main                cc_recipients        A  a 抄送 that is also a 主送
signer_missing                 signer               上行文 without 签发人: A at office_check, B after
secrecy_period_missing         secrecy_period       B  涉密 without 保密期限
copy_numbers_missing           copy_numbers         B  涉密 without 份号 at issue
copies_missing                 copies               涉密 with no number of copies: B at issue, A before
minutes_seal                   with_seal            B  a 纪要 (type or 纪要式) with a seal
seal_missing                   with_seal            A  a 文件式 document (not 纪要) without a seal
attachment_not_named           attachment_notes     B  an uploaded file the 附件说明 does not name
attachment_note_punctuation    attachment_notes     A  an attachment name ending with punctuation
attachment_file_missing        attachments          B  a name in the 附件说明 with no uploaded file
dated_on_mismatch              dated_on             B  成文日期 ≠ 签发日期 (A for 决议 and 纪要)
dated_on_missing               dated_on             B  no 成文日期 at issue
doc_number_format              doc_number           B  a 文号 not of the form 代字〔YYYY〕N号
doc_number_missing             doc_number           B  no 文号 at issue
report_contains_request        body                 A  a 报告 that asks for approval (夹带请示事项)
body_missing                   body                 B  empty body
body_repeats_main              body                 B  the body's first line repeats the 主送 line
                                                       ("江城市人民政府：" — the layout prints it already)
=============================  ===================  ===========================================

Heuristics, kept deliberately simple so they do not fire on ordinary drafts:

* *a 请示 with several matters* — the title, without the organ's names, a leading 关于 and
  the trailing 的请示, is split at 和 / 及 / 以及 / 、 / 并; when two or more of the parts
  each contain a request verb (:data:`REQUEST_VERBS`: 申请, 增加, 拨付, 设立, …) the
  title asks for two things ("关于增加编制和拨付经费的请示"). "关于申请拨付就业和再就业
  专项资金的请示" is one matter: only one part has a verb. Or the body has two or more
  approval closings (:data:`APPROVAL_CLOSING`: 请批准, 请予批准, 请批示, 请审批, …; "妥否，
  请批示" counts once).
* *a 报告 with 请示事项* — the body contains one such approval closing.
* *attachment names* are compared after Unicode NFKC (full/half width), without spaces,
  《》, a leading "附件1：" / "1." / "1、" / "（1）", trailing punctuation and — for the
  uploaded files — the extension (for the 附件说明, only a known document extension).
"""

from __future__ import annotations

from documents.outgoing.compliance.base import FIELDS, STAGES, Draft, Facts, Problem, repeated_salutation
from documents.outgoing.compliance.rules import RULES

__all__ = ["FIELDS", "RULES", "STAGES", "Draft", "Problem", "blocking", "check", "repeated_salutation"]


def check(draft: Draft) -> list[Problem]:
    """Every problem found in ``draft`` by each rule of :data:`RULES`: blocking ones first, then in
    the form's field order (a rule's problems keep their order among equals)."""
    if draft.stage not in STAGES:
        raise ValueError(f"unknown stage {draft.stage!r}; expected one of {STAGES}")
    facts = Facts.of(draft)
    problems = [found for rule in RULES for found in rule(draft, facts)]
    order = {field: index for index, field in enumerate(FIELDS)}
    return sorted(problems, key=lambda p: (not p.blocking, order.get(p.field, len(FIELDS))))


def blocking(problems) -> list[Problem]:
    """The problems that stop 签发 and 印发."""
    return [problem for problem in problems if problem.blocking]
