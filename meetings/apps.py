from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("办会")
    url_prefix = "meetings/"

    def ready(self) -> None:
        from meetings.convening import permissions as convening_permissions
        from meetings.convening.forms import register_pickers
        from meetings.rooms import permissions as room_permissions

        room_permissions.register()
        convening_permissions.register()
        register_pickers()
        # The 议题 and 纪要 halves register theirs here (meetings.agenda, meetings.minutes).
