from django.apps import AppConfig


class PolicyAppConfig(AppConfig):
    name = "tests.policy_app"
    label = "policy_app"

    def ready(self) -> None:
        from office import events, permissions
        from office.choices import Role
        from tests.policy_app import events as handlers
        from tests.policy_app.models import Dossier

        permissions.register(
            Dossier,
            permissions.ScopedPolicy(
                clearance_field="secret_level",
                department_fields=("lead_unit", "assisting_units"),
                personal_fields=("assignee", "circulated_to"),
                leader_fields=("routed_to",),
                actions={"register": frozenset({Role.OFFICE}), "instruct": frozenset({Role.LEADER})},
            ),
        )
        events.subscribe("instruction.supervise", handlers.item_open_from_instruction)
        events.subscribe("document.issued", handlers.issued_explode)
        events.subscribe("document.issued", handlers.issued_record)
