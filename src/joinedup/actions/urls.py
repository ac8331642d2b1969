"""URLs of the actions app (mounted by joinedup.site.urls under /actions/)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.actions import views

app_name = "actions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnerships/<int:pk>/", views.index, name="index"),
    path("partnerships/<int:pk>/new/", views.new, name="new"),
    path(
        "partnerships/<int:pk>/workshop/<int:round_pk>/", views.workshop_view, name="workshop_edit"
    ),
    path("<int:action_pk>/", views.detail, name="detail"),
    path("<int:action_pk>/edit/", views.edit, name="edit"),
    path("<int:action_pk>/notes/", views.add_note, name="add_note"),
    path("<int:action_pk>/publish/", views.publish, name="publish"),
]
