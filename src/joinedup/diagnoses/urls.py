"""URLs of the diagnoses app (mounted by joinedup.site.urls)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.diagnoses import views

app_name = "diagnoses"

urlpatterns: list[URLPattern | URLResolver] = [
    path("methods/<slug:name>/", views.method, name="method"),
    path("advisor/", views.advisor, name="advisor"),
    path("partnerships/<int:pk>/sharing/add/", views.sharing_add, name="sharing_add"),
    path("partnerships/<int:pk>/contracts/add/", views.contract_add, name="contract_add"),
    path(
        "partnerships/<int:pk>/contracts/import/", views.contracts_import, name="contracts_import"
    ),
    path("partnerships/<int:pk>/decisions/add/", views.decision_add, name="decision_add"),
]
