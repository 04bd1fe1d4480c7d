"""办会's action codes, named for the auditor (found by ``office.audit.autodiscover``)."""

from django.utils.translation import gettext_lazy as _

from meetings.agenda import workflow as agenda
from meetings.convening import workflow as convening
from office.audit import register_labels, register_steps

register_steps("meetings", _("会议"), convening.TABLE)
register_steps("agenda", _("议题"), agenda.TABLE)
register_labels({
    "meetings.create": _("会议·新建"),
    "meetings.book": _("会议室·预订"),
    "meetings.book_move": _("会议室·改期"),
    "meetings.book_cancel": _("会议室·取消预订"),
    "meetings.book_decide": _("会议室·审批预订"),
    "meetings.answer": _("会议·参会回复"),
    "meetings.sign_in": _("会议·签到"),
    "meetings.mark": _("会议·登记签到"),
    "agenda.call": _("议题·发起征集"),
    "agenda.call_close": _("议题·结束征集"),
    "agenda.create": _("议题·新建"),
    "agenda.order": _("议题·排定顺序"),
    "agenda.carried": _("议题·顺延下次会议"),
    "agenda.material_add": _("议题·上传材料"),
    "agenda.material_remove": _("议题·删除材料"),
    "minutes.draft": _("纪要·起草"),
    "minutes.edit": _("纪要·修改"),
    "minutes.decision": _("纪要·议定事项"),
    "minutes.confirm": _("纪要·确认是否督办"),
    "minutes.submit": _("纪要·送发文"),
    "minutes.issued": _("纪要·印发"),
})
