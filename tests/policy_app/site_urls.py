"""The site's URLs plus the test request's pages (``pytest.mark.urls("tests.policy_app.site_urls")``)."""

from django.urls import include, path

from office.urls import urlpatterns as site

urlpatterns = [path("", include("tests.policy_app.urls")), *site]
