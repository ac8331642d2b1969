"""URLs of the networks app (mounted by joinedup.site.urls)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.networks import views

app_name = "networks"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/download/<str:kind>/", views.download, name="download"),
    path("<int:pk>/confidential-pairs/", views.download_pairs, name="pairs"),
]
