from django.apps import AppConfig


class PolicyAppConfig(AppConfig):
    name = "tests.policy_app"
    label = "policy_app"

    def ready(self) -> None:
        from office import events, permissions
        from office.choices import BUSINESS_ROLES, Role
        from office.workflow.assignments import assigned_q
        from tests.policy_app import events as handlers
        from tests.policy_app.models import Dossier, Request

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

        class RequestPolicy(permissions.ScopedPolicy):
            """Department, requester, and whoever an assignment names (approvers, their delegates)."""

            def scope(self, user, model):
                return super().scope(user, model) | assigned_q(user, model)

        everyone = frozenset(BUSINESS_ROLES)
        permissions.register(
            Request,
            RequestPolicy(
                clearance_field="secret_level",
                department_fields=("unit",),
                personal_fields=("requester",),
                grantable=False,
                actions={
                    "submit": everyone, "withdraw": everyone, "note": everyone,
                    # Approving is for the approver the chain names; 科员 never approve.
                    "approve": frozenset({Role.LEADER, Role.OFFICE, Role.DEPT_HEAD}),
                    "return": frozenset({Role.LEADER, Role.OFFICE, Role.DEPT_HEAD}),
                },
            ),
        )
