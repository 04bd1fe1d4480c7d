from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("办文")
    url_prefix = "documents/"

    def ready(self) -> None:
        # Each flow's services declare its steps (documents.common.steps.steps_for finds them).
        from documents.common import pickers
        from documents.incoming import services as _incoming  # noqa: F401
        from documents.incoming.permissions import incoming_policy
        from documents.information import services as _information  # noqa: F401
        from documents.information.permissions import IssuePolicy, ItemPolicy, UnitAskedPolicy
        from documents.models import (
            IncomingDocument,
            InformationIssue,
            InformationItem,
            InformationRequest,
            InformationRequestPart,
            OutgoingDocument,
        )
        from documents.outgoing import services as _outgoing  # noqa: F401
        from documents.outgoing.permissions import outgoing_policy
        from office import permissions
        from office.choices import Role

        permissions.register(InformationItem, ItemPolicy())
        permissions.register(InformationRequest, UnitAskedPolicy("parts__unit"))
        permissions.register(InformationRequestPart, UnitAskedPolicy("unit"))
        permissions.register(InformationIssue, IssuePolicy())
        # 政务信息: the office commissions, edits, decides and compiles; departments write.
        permissions.register_capability("documents.info_manage", {Role.OFFICE})
        permissions.register_capability("documents.info_write", {Role.DEPT_HEAD, Role.STAFF})
        pickers.register()  # the search fields that choose readers, units, handlers
        # The files the core's orphan sweep (office.orphans) must leave alone.
        from documents.files.storage import storage_root
        from documents.models import Attachment, OutgoingFile
        from office import orphans

        orphans.register(root=storage_root, model=Attachment)
        orphans.register(root=storage_root, model=OutgoingFile)
        permissions.register(IncomingDocument, incoming_policy())
        permissions.register(OutgoingDocument, outgoing_policy())
        # 到件 is the office's; departments and the office draft 发文 (leaders sign, they don't draft).
        permissions.register_capability("documents.receive", {Role.OFFICE})
        permissions.register_capability("documents.draft", {Role.OFFICE, Role.DEPT_HEAD, Role.STAFF})
        # Each Celery pool process loads the layout's dictionary and fonts as it starts.
        from celery.signals import worker_process_init

        from documents.warmup import warm_up_in_background

        worker_process_init.connect(warm_up_in_background, weak=False, dispatch_uid="documents.warm_up")
