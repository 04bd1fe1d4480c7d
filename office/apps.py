from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("机关与办公室")

    def ready(self) -> None:
        from office import dashboard, permissions, signals  # noqa: F401
        from office.models import AuditEvent, Notification, OrgUnit, Todo, User

        permissions.register(Todo, permissions.OwnerPolicy(owner_field="user"))
        permissions.register(
            Notification, permissions.OwnerPolicy(owner_field="recipient", actions=frozenset({"mark_read"}))
        )
        permissions.register(OrgUnit, permissions.DirectoryPolicy())
        permissions.register(User, permissions.DirectoryPolicy())
        permissions.register(AuditEvent, permissions.CapabilityPolicy(capability="admin.audit"))
        dashboard.autodiscover()
