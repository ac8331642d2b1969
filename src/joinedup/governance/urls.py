"""URLs of the governance app (mounted by joinedup.site.urls under /governance/)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.governance import views

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnerships/<int:pk>/decision-rights/add/", views.right_add, name="right_add"),
    path(
        "partnerships/<int:pk>/decision-rights/import/", views.rights_import, name="rights_import"
    ),
    path("partnerships/<int:pk>/accountability/add/", views.line_add, name="line_add"),
    path("partnerships/<int:pk>/groups/add/", views.group_add, name="group_add"),
]
