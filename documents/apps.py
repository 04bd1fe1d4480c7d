from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("办文")
    url_prefix = "documents/"

    def ready(self) -> None:
        from documents.models import IncomingDocument, OutgoingDocument
        from documents.permissions import incoming_policy, outgoing_policy
        from office import permissions

        permissions.register(IncomingDocument, incoming_policy())
        permissions.register(OutgoingDocument, outgoing_policy())
