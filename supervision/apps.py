from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("督查督办")
    url_prefix = "supervision/"

    def ready(self) -> None:
        from office import events, permissions
        from office.choices import Role
        from supervision.items import sources
        from supervision.items.permissions import ItemChildPolicy, item_policy
        from supervision.models import Extension, ItemPart, Milestone, ProgressReport, SupervisedItem

        permissions.register(SupervisedItem, item_policy())
        for model in (Milestone, ProgressReport, Extension, ItemPart):
            permissions.register(model, ItemChildPolicy())
        # 立项 and 领导批办件 are the office's (its 督查员).
        permissions.register_capability("supervision.create", {Role.OFFICE})
        # documents fires it at 批办 (转督办); we open the item — documents never imports us.
        events.subscribe("instruction.supervise", sources.item_open_from_instruction)
        # The plan, inspections and bulletins (supervision.plans.permissions).
        from supervision.plans import permissions as plan_permissions

        plan_permissions.register()
        # Files kept by a transaction that rolled back are swept by the core (office.orphans).
        from office import orphans
        from supervision.files import storage_root
        from supervision.models import SupervisionFile

        orphans.register(root=storage_root, model=SupervisionFile)
