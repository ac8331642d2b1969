"""URLs of the context app (mounted by joinedup.urls)."""

from django.urls import URLPattern, URLResolver

app_name = "context"

urlpatterns: list[URLPattern | URLResolver] = []
