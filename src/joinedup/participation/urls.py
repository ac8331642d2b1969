"""URLs of the participation app (mounted by joinedup.site.urls)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.participation import views

app_name = "participation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar/", views.area_calendar, name="calendar"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("partnerships/<int:pk>/activities/new/", views.activity_new, name="activity_new"),
    path("partnerships/<int:pk>/decisions/", views.decision_new, name="decisions"),
    path("partnerships/<int:pk>/public-page/", views.public_page_toggle, name="public_page_toggle"),
    path("public/<str:key>/", views.public_feedback, name="public"),
]
