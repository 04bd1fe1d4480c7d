"""factory_boy factories that build through the services, side effects included."""

from tests.factories.office import NotificationFactory, TodoFactory, UnitFactory, UserFactory

__all__ = ["NotificationFactory", "TodoFactory", "UnitFactory", "UserFactory"]
