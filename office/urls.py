from django.apps import apps
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from office import chain_views, export_views, views
from office.admin import admin_site
from office.boards import BoardView
from office.login import LoginForm
from office.picker import PickerSearchView
from office.sessions import session_keepalive
from office.workflow.delegation_views import DelegationView
from office.workflow.rule_views import ApprovalRuleConfirmView

app_name = "office"

office_patterns = [
    path("", views.WorkbenchView.as_view(), name="workbench"),
    path("notifications/<int:pk>/open/", views.NotificationOpenView.as_view(), name="notification_open"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="notification_read_all"),
    path("board/", BoardView.as_view(), name="board"),
    path("deadlines/", views.DeadlineListView.as_view(), name="deadline_list"),
    path("deadlines/<int:pk>/", views.DeadlineDetailView.as_view(), name="deadline_detail"),
    path("deadlines/<int:pk>/urge/", views.DeadlineUrgeView.as_view(), name="deadline_urge"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/delegations/", DelegationView.as_view(), name="delegations"),
    # Answers in JSON, also to someone whose session has just ended (no login redirect).
    path("session/keepalive/", login_not_required(session_keepalive), name="session_keepalive"),
    path("pick/<str:name>/", PickerSearchView.as_view(), name="picker"),
    path("workflow/rules/", ApprovalRuleConfirmView.as_view(), name="approval_rules"),
    path("exports/", export_views.ExportListView.as_view(), name="export_list"),
    path("exports/<int:pk>/download/", export_views.ExportDownloadView.as_view(), name="export_download"),
    path("chain/<str:label>/<str:pk>/", chain_views.ChainView.as_view(), name="chain"),
    path("chain/<str:label>/<str:pk>/ledger.xlsx", chain_views.ChainExportView.as_view(), name="chain_export"),
]

urlpatterns = [
    path("", include((office_patterns, "office"))),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/reset/slip/", views.PasswordResetSlipView.as_view(), name="password_reset_slip"),
    path("accounts/reset/<str:token>/", views.PasswordResetLinkView.as_view(), name="password_reset_link"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("admin/", admin_site.urls),
]

# Each business app that declares a ``url_prefix`` on its AppConfig brings its own urls.py:
# office names no other app of ours (design.md, "Dependency direction").
urlpatterns += [
    path(config.url_prefix, include(f"{config.name}.urls"))
    for config in apps.get_app_configs()
    if getattr(config, "url_prefix", None)
]

handler404 = "office.errors.not_found"
handler403 = "office.errors.forbidden"
handler400 = "office.errors.bad_request"
handler500 = "office.errors.server_error"
