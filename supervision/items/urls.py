"""督办事项's routes under ``supervision/items/`` (names in the ``supervision`` namespace)."""

from django.urls import path

from supervision.items import views

urlpatterns = [
    path("", views.ItemListView.as_view(), name="item_list"),
    path("mine/", views.MyItemsView.as_view(), name="item_mine"),
    path("new/", views.ItemCreateView.as_view(), name="item_create"),
    path("instruction/new/", views.InstructionCreateView.as_view(), name="instruction_create"),
    path("<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("files/<int:pk>/", views.SupervisionFileView.as_view(), name="file"),
    path("<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("<int:pk>/milestones/<int:milestone>/done/", views.MilestoneDoneView.as_view(), name="milestone_done"),
    path("<int:pk>/do/<slug:action>/", views.ItemActionView.as_view(), name="item_action"),
]
