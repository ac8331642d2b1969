"""URLs of the theory of change (mounted at /theory/ by joinedup.site.urls)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.theory import views

app_name = "theory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnerships/<int:pk>/", views.edit, name="edit"),
    path("partnerships/<int:pk>/import/", views.upload, name="upload"),
    path("partnerships/<int:pk>/remove/<str:what>/<int:item>/", views.remove, name="remove"),
]
