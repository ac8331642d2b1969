"""URLs of the participation app (mounted by joinedup.urls)."""

from django.urls import URLPattern, URLResolver

app_name = "participation"

urlpatterns: list[URLPattern | URLResolver] = []
