"""办文's action codes, named for the auditor (found by ``office.audit.autodiscover``).

The steps of 收文, 发文 and 政务信息 are named from their transition tables ("收文·登记"); the
codes the services write by hand are named here one by one.
"""

from django.utils.translation import gettext_lazy as _

from documents.incoming import workflow as incoming
from documents.information import workflow as information
from documents.outgoing import workflow as outgoing
from office.audit import register_labels, register_steps

register_steps("incoming", _("收文"), incoming.TABLE)
register_steps("outgoing", _("发文"), outgoing.TABLE)
register_steps("information", _("政务信息"), information.TABLE)
register_labels({
    "incoming.receive": _("收文到件"),
    "outgoing.issue_failed": _("发文·印发失败"),
    "information.create": _("政务信息·撰写"),
    "information.request": _("政务信息·约稿"),
    "information.request_close": _("政务信息·结束约稿"),
    "information.issue_create": _("信息专报·新建"),
    "information.issue_add": _("信息专报·编入条目"),
    "information.issue_remove": _("信息专报·移出条目"),
    "information.issue_send": _("信息专报·报送领导"),
    "information.issue_read": _("信息专报·已阅"),
    "information.supervise": _("政务信息·批示转督办"),
    "information.score_rule": _("政务信息·设定计分规则"),
    "information.ranking": _("政务信息·排名转通报"),
})
