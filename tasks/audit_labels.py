"""办事's action codes, named for the auditor (found by ``office.audit.autodiscover``)."""

from django.utils.translation import gettext_lazy as _

from office.audit import register_labels, register_steps
from tasks import workflow

register_steps("tasks", _("办事申请"), workflow.TABLE)
register_labels({
    "tasks.create": _("办事申请·新建"),
    "tasks.attach": _("办事申请·上传材料"),
    "tasks.file_read": _("办事申请·查看材料"),
    "tasks.budget_line": _("办事·设定预算科目"),
    "tasks.vehicle_save": _("用车·保存车辆"),
    "tasks.driver_save": _("用车·保存驾驶员"),
    "tasks.trip_print": _("用车·打印派车单"),
})
