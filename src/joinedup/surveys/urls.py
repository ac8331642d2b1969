"""URLs of the surveys app (mounted by joinedup.site.urls at /surveys/)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.surveys import views_coordinate, views_lifecycle, views_respond

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<str:token>/", views_respond.respond, name="respond"),
    path("partnership/<int:pk>/", views_coordinate.rounds, name="rounds"),
    path("partnership/<int:pk>/new/", views_coordinate.round_new, name="round_new"),
    path("rounds/<int:pk>/", views_coordinate.round_detail, name="round"),
    path("rounds/<int:pk>/invite/", views_coordinate.round_invite, name="round_invite"),
    path("rounds/<int:pk>/status/", views_coordinate.round_status, name="round_status"),
    path("rounds/<int:pk>/close/", views_lifecycle.close_confirm, name="round_close"),
    path("rounds/<int:pk>/closing-date/", views_lifecycle.closing_day, name="round_closing_day"),
    path("rounds/<int:pk>/as-respondent/", views_lifecycle.preview, name="round_try"),
    path("rounds/<int:pk>/reminders.csv", views_coordinate.reminders_csv, name="reminders"),
]
