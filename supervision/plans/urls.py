"""年度工作要点 routes under ``supervision/plans/``."""

from django.urls import path

from supervision.plans import views

urlpatterns = [
    path("", views.PlanView.as_view(), name="plan_detail"),
    path("<int:year>/", views.PlanView.as_view(), name="plan_year"),
    path("<int:year>/tasks/new/", views.KeyTaskAddView.as_view(), name="plan_task_add"),
    path("template.xlsx", views.PlanTemplateView.as_view(), name="plan_template"),
    path("import/", views.PlanImportView.as_view(), name="plan_import"),
    path("import/confirm/", views.PlanImportConfirmView.as_view(), name="plan_import_confirm"),
    path("import/<int:pk>/", views.PlanImportStatusView.as_view(), name="plan_import_status"),
    path("import/<int:pk>/confirm/", views.PlanImportJobConfirmView.as_view(), name="plan_import_job_confirm"),
]
