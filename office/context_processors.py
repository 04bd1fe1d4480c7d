"""What every page's frame needs: navigation by role and the inbox badges."""

from django.conf import settings

from office import dashboard, org, selectors
from office.choices import BUSINESS_ROLES


def navigation(request):
    user = getattr(request, "user", None)
    context = {"site_title": settings.SANBAN_SITE_TITLE}
    if user is None or not user.is_authenticated:
        return context
    context["is_business_user"] = user.role in BUSINESS_ROLES
    context["is_admin_user"] = not context["is_business_user"]
    context["inbox_counts"] = selectors.inbox_counts(user=user)
    context["nav_items"] = dashboard.nav_for(user)
    context["organ_name"] = org.frame_organ_name(user)
    return context
