"""URLs of the surveys app (mounted by joinedup.urls)."""

from django.urls import URLPattern, URLResolver

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = []
