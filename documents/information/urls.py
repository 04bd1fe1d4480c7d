"""政务信息's routes under ``documents/information/`` (names in the ``documents`` namespace)."""

from django.urls import path

from documents.files import views as file_views
from documents.information import issue_views, stats_views, views
from office.export_views import ListExportView

urlpatterns = [
    path("", views.ItemListView.as_view(), name="info_item_list"),
    path("export.xlsx", ListExportView.as_view(key="documents.information"), name="info_item_export"),
    path("new/", views.ItemCreateView.as_view(), name="info_item_create"),
    path("<int:pk>/", views.ItemDetailView.as_view(), name="info_item_detail"),
    path("<int:pk>/edit/", views.ItemEditView.as_view(), name="info_item_edit"),
    path("<int:pk>/do/<slug:action>/", views.ItemActionView.as_view(), name="info_item_action"),
    path("<int:pk>/compare/", views.ItemCompareView.as_view(), name="info_item_compare"),
    path("<int:pk>/attachments/", file_views.InformationAttachmentUploadView.as_view(), name="info_attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        file_views.InformationAttachmentRemoveView.as_view(),
        name="info_attachment_remove",
    ),
    path("requests/", views.RequestListView.as_view(), name="info_request_list"),
    path("requests/new/", views.RequestCreateView.as_view(), name="info_request_create"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="info_request_detail"),
    path("requests/<int:pk>/close/", views.RequestCloseView.as_view(), name="info_request_close"),
    path(
        "instructions/<int:pk>/supervise/", views.InstructionSuperviseView.as_view(), name="info_instruction_supervise"
    ),
    path("issues/", issue_views.IssueListView.as_view(), name="info_issue_list"),
    path("issues/<int:pk>/", issue_views.IssueDetailView.as_view(), name="info_issue_detail"),
    path("issues/<int:pk>/do/<slug:action>/", issue_views.IssueActionView.as_view(), name="info_issue_action"),
    path("issues/<int:pk>/bulletin.pdf", issue_views.IssuePdfView.as_view(), name="info_issue_pdf"),
    path("scores/", stats_views.StatsView.as_view(), name="info_stats"),
    path("scores/items/", stats_views.StatsItemsView.as_view(), name="info_stats_items"),
    path("scores/rules/", stats_views.RuleView.as_view(), name="info_score_rules"),
    path("scores/ranking/", stats_views.RankingOutgoingView.as_view(), name="info_ranking_outgoing"),
]
