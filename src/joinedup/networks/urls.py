"""URLs of the networks app (mounted by joinedup.urls)."""

from django.urls import URLPattern, URLResolver

app_name = "networks"

urlpatterns: list[URLPattern | URLResolver] = []
