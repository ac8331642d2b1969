"""URLs of the surveys app (mounted by joinedup.site.urls at /surveys/)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.surveys import (
    views_comments,
    views_coordinate,
    views_import,
    views_instruments,
    views_late,
    views_lifecycle,
    views_links,
    views_mailing,
    views_open,
    views_quality,
    views_respond,
    views_texts,
    views_workshop,
)

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<str:token>/", views_respond.respond, name="respond"),
    path("o/<str:token>/", views_open.respond_open, name="open"),
    path("rounds/<int:pk>/open-link/", views_links.open_link, name="round_open_link"),
    path("partnership/<int:pk>/", views_coordinate.rounds, name="rounds"),
    path("partnership/<int:pk>/new/", views_coordinate.round_new, name="round_new"),
    path("rounds/<int:pk>/", views_coordinate.round_detail, name="round"),
    path("rounds/<int:pk>/invite/", views_coordinate.round_invite, name="round_invite"),
    path("rounds/<int:pk>/add-person/", views_late.round_add_person, name="round_add_person"),
    path("rounds/<int:pk>/import/", views_import.round_import, name="round_import"),
    path("rounds/<int:pk>/quality/", views_quality.round_psychometrics, name="round_quality"),
    path("rounds/<int:pk>/status/", views_coordinate.round_status, name="round_status"),
    path("rounds/<int:pk>/messages/", views_mailing.round_messages, name="round_messages"),
    path("rounds/<int:pk>/texts/", views_texts.round_texts, name="round_texts_edit"),
    path("rounds/<int:pk>/close/", views_lifecycle.close_confirm, name="round_close"),
    path("rounds/<int:pk>/closing-date/", views_lifecycle.closing_day, name="round_closing_day"),
    path("rounds/<int:pk>/as-respondent/", views_lifecycle.preview, name="round_try"),
    path("rounds/<int:pk>/reminders.csv", views_coordinate.reminders_csv, name="reminders"),
    path("rounds/<int:pk>/links.csv", views_links.links_csv, name="links_csv"),
    path("rounds/<int:pk>/comments/", views_comments.round_comments, name="round_comments"),
    path(
        "rounds/<int:pk>/comments/<int:answer>/",
        views_comments.comment_visibility,
        name="comment_visibility",
    ),
    path(
        "rounds/<int:pk>/comments/sharing/",
        views_comments.comments_sharing,
        name="round_comments_sharing",
    ),
    path(
        "rounds/<int:pk>/words/<str:what>.csv",
        views_comments.round_words_csv,
        name="round_words_csv",
    ),
    path("invitations/<int:pk>/new-link/", views_links.new_link, name="new_link"),
    path("instruments/", views_instruments.instruments, name="instruments"),
    path("instruments/<str:key>/", views_instruments.instrument, name="instrument"),
    path(
        "instrument-versions/<int:pk>/xlsform.xlsx",
        views_instruments.instrument_xlsform,
        name="instrument_xlsform",
    ),
    path("instrument-workshop/", views_workshop.workshop_page, name="instrument_workshop"),
    path(
        "instrument-workshop/start/",
        views_workshop.workshop_start,
        name="instrument_workshop_start",
    ),
    path(
        "instrument-workshop/edit/", views_workshop.workshop_edit, name="instrument_workshop_edit"
    ),
    path(
        "instrument-workshop/save/", views_workshop.workshop_save, name="instrument_workshop_save"
    ),
    path(
        "instrument-workshop/preview/",
        views_workshop.workshop_preview,
        name="instrument_workshop_preview",
    ),
]
