"""督查督办's action codes, named for the auditor (found by ``office.audit.autodiscover``)."""

from django.utils.translation import gettext_lazy as _

from office.audit import register_labels, register_steps
from supervision.items import workflow

register_steps("supervision", _("督办事项"), workflow.TABLE)
register_labels({
    "supervision.create": _("督办事项·立项"),
    "supervision.instruction": _("督办·登记领导批办件"),
    "supervision.files": _("督办·上传附件"),
    "supervision.export": _("督办·导出台账"),
    "supervision.notice_print": _("督办·打印督办通知单"),
    "supervision.plan_create": _("督办·新建年度工作要点"),
    "supervision.plan_import": _("督办·导入工作要点"),
    "supervision.plan_import_upload": _("督办·上传工作要点表"),
    "supervision.plan_import_confirm": _("督办·确认导入工作要点"),
    "supervision.inspection_create": _("督查·新建"),
    "supervision.inspection_edit": _("督查·修改"),
    "supervision.inspection_report": _("督查·督查报告"),
    "supervision.inspection_report_outgoing": _("督查·报告转发文"),
    "supervision.bulletin_generate": _("督查通报·生成"),
    "supervision.bulletin_to_outgoing": _("督查通报·转发文"),
})
