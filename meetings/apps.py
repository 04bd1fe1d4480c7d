from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("办会")
    url_prefix = "meetings/"

    def ready(self) -> None:
        from meetings.agenda import permissions as agenda_permissions
        from meetings.convening import permissions as convening_permissions
        from meetings.convening.forms import register_pickers
        from meetings.minutes import permissions as minutes_permissions
        from meetings.minutes import services as minutes_services
        from meetings.rooms import permissions as room_permissions
        from office import events

        room_permissions.register()
        convening_permissions.register()
        register_pickers()
        agenda_permissions.register_all()
        minutes_permissions.register_all()
        # documents fires it at 印发; a 纪要's flagged decisions open supervised items (documents never imports us).
        events.subscribe("document.issued", minutes_services.minutes_on_issued)
        # 议题 materials lie beside the documents' files: the core's orphan sweep must know them.
        from documents.files.storage import storage_root
        from meetings.models import MeetingFile
        from office import orphans

        orphans.register(root=storage_root, model=MeetingFile)
