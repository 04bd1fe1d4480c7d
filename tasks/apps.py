from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("办事")
    url_prefix = "tasks/"

    def ready(self) -> None:
        from tasks import permissions

        permissions.register()
        # Each kind registers what it adds to the one approval engine; papers kept by a transaction
        # that rolled back are swept by the core (office.orphans).
        from office import orphans
        from tasks.expenses import services as _expenses  # noqa: F401
        from tasks.loans import services as _loans  # noqa: F401
        from tasks.models import RequestFile
        from tasks.reception import services as _reception  # noqa: F401
        from tasks.requests.files import storage_root
        from tasks.seals import services as _seals  # noqa: F401
        from tasks.vehicles import services as _vehicles  # noqa: F401

        orphans.register(root=storage_root, model=RequestFile, pattern="*")
