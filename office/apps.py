from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("机关与办公室")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from office import (  # noqa: F401
            checks,
            counts,  # noqa: F401  (a fresh batch of counts per request)
            dashboard,
            passwords,
            permissions,
            services,
            sessions,  # noqa: F401  (stamps each new login for the session limits)
            signals,
            workdays,  # noqa: F401  (the calendar's overrides, read once per request)
        )
        from office.choices import Role
        from office.models import AuditEvent, Deadline, Notification, OrgUnit, Todo, User
        from office.workflow.assignments import assignments_release

        permissions.register(Todo, permissions.OwnerPolicy(owner_field="user"))
        permissions.register(
            Notification, permissions.OwnerPolicy(owner_field="recipient", actions=frozenset({"mark_read"}))
        )
        permissions.register(OrgUnit, permissions.DirectoryPolicy())
        permissions.register(User, permissions.DirectoryPolicy())
        permissions.register(AuditEvent, permissions.CapabilityPolicy(capability="admin.audit"))
        business = frozenset({Role.LEADER, Role.OFFICE, Role.DEPT_HEAD, Role.STAFF})
        permissions.register(
            Deadline,
            permissions.ScopedPolicy(
                clearance_field="secret_level",
                department_fields=("responsible_unit",),
                personal_fields=("responsible_user",),
                # A deadline is reached through its item; grants go on the item.
                grantable=False,
                actions={
                    # Moving a time limit is the office's or a leader's decision (workflows
                    # such as an approved extension call the service as that person).
                    "move": frozenset({Role.OFFICE, Role.LEADER}),
                    "close": business,
                    "urge": frozenset({Role.OFFICE}),
                },
            ),
        )
        dashboard.autodiscover()
        # Each app names its audit action codes in its audit_labels.py.
        from office import audit

        audit.autodiscover()
        from office import chain, exports

        exports.autodiscover()
        chain.autodiscover()
        user_logged_in.connect(passwords.on_login, dispatch_uid="sanban.passwords.login")
        # A person who left a post: the steps found for him by it are re-routed (office.services.access_changed).
        if assignments_release not in services.ACCESS_CHANGE_HOOKS:
            services.ACCESS_CHANGE_HOOKS.append(assignments_release)
