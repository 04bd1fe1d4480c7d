from __future__ import annotations

import factory

from office import services
from office.choices import Clearance, Role, TodoKind, UnitKind
from office.models import Notification, OrgUnit, Todo, User


class UnitFactory(factory.Factory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}处")
    kind = UnitKind.DEPARTMENT
    parent = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        if kwargs["kind"] != UnitKind.ORGAN and kwargs["parent"] is None:
            kwargs["parent"] = OrgUnit.objects.filter(kind=UnitKind.ORGAN).first() or services.unit_save(
                actor=None, code="ORGAN", name="测试局", kind=UnitKind.ORGAN
            )
        return services.unit_save(actor=None, **kwargs)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.STAFF
    unit = factory.LazyAttribute(lambda o: None if o.role in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR) else UnitFactory())
    title = ""
    clearance = Clearance.INTERNAL
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.cn")
    password = "Test@12345"
    is_principal = False
    in_charge_of = ()

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.user_save(actor=None, **kwargs)


class TodoFactory(factory.Factory):
    class Meta:
        model = Todo

    user = factory.SubFactory(UserFactory)
    target = factory.SelfAttribute("user")
    step = factory.Sequence(lambda n: f"test.step{n}")
    title = factory.Sequence(lambda n: f"关于第{n}项工作的请示")
    url = "/"
    kind = TodoKind.ACTION

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.todo_open(**kwargs)

    @classmethod
    def bulk(cls, n: int, **kwargs) -> list[Todo]:
        """``n`` open to-dos in one INSERT, for volume (a thousand through ``todo_open`` one by one
        would take seconds): the rows the service would write, without its per-row checks."""
        return Todo.objects.bulk_create(cls.build_batch(n, **kwargs))


class NotificationFactory(factory.Factory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    verb = "test"
    title = factory.Sequence(lambda n: f"通知{n}")
    body = "请按时办理。"
    url = "/"

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.notification_send(**kwargs)

    @classmethod
    def bulk(cls, n: int, **kwargs) -> list[Notification]:
        """``n`` unread notifications in one INSERT, for volume."""
        return Notification.objects.bulk_create(cls.build_batch(n, **kwargs))
