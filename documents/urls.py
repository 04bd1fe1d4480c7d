"""办文's routes: one list per flow, all in the ``documents`` namespace (URL names unchanged)."""

from django.urls import include, path

from documents.archive import urls as archive_urls
from documents.files import urls as files_urls
from documents.incoming import urls as incoming_urls
from documents.information import urls as information_urls
from documents.outgoing import urls as outgoing_urls

app_name = "documents"

urlpatterns = [
    path("incoming/", include(incoming_urls)),
    path("outgoing/", include(outgoing_urls)),
    path("information/", include(information_urls)),
    path("archive/", include(archive_urls)),
    path("", include(files_urls)),
]
