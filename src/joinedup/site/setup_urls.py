"""The set-up pages (mounted at ``/setup/``, namespace ``setup``).

URL names with ``import`` in them are recorded by the audit middleware as web
imports, as every import page is."""

from django.urls import path

from joinedup.registry.sync import KINDS
from joinedup.site import setup_sync
from joinedup.site import setup_views as views

app_name = "setup"

urlpatterns = [
    path("", views.start, name="start"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("organisations/import/", views.import_organisations_page, name="import_organisations"),
    path("contacts/import/", views.import_contacts_page, name="import_contacts"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_edit, name="person_edit"),
    path("partnerships/new/", views.partnership_new, name="partnership_new"),
    path("partnerships/<int:pk>/", views.partnership_edit, name="partnership_edit"),
    path(
        "partnerships/<int:pk>/organisations/new/",
        views.organisation_new,
        name="partnership_organisation_new",
    ),
    path(
        "partnerships/<int:pk>/organisations/import/",
        views.import_organisations_page,
        name="partnership_import_organisations",
    ),
    path(
        "partnerships/<int:pk>/contacts/import/",
        views.import_contacts_page,
        name="partnership_import_contacts",
    ),
    path("partnerships/<int:pk>/members/new/", views.membership_new, name="membership_new"),
    path("memberships/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("invite/", views.invite, name="invite"),
    *[
        path(
            f"keep-in-step/{kind}/",
            setup_sync.keep_in_step,
            {"kind": kind},
            name=f"sync_import_{kind}",
        )
        for kind in KINDS
    ],
]
