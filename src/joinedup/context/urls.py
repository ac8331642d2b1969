"""URLs of the context app (mounted by joinedup.site.urls under /context/)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.context import views

app_name = "context"

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnerships/<int:pk>/", views.edit, name="edit"),
    path("partnerships/<int:pk>/<str:kind>/add/", views.add, name="add"),
    path("<str:kind>/<int:item_pk>/", views.change, name="change"),
    path("<str:kind>/<int:item_pk>/delete/", views.delete, name="delete"),
]
