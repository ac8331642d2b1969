"""URLs of the diagnoses app (mounted by joinedup.urls)."""

from django.urls import URLPattern, URLResolver

app_name = "diagnoses"

urlpatterns: list[URLPattern | URLResolver] = []
