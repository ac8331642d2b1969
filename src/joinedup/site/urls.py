"""The root URL map (``ROOT_URLCONF``): each app with a ``urls`` module is mounted
under its label, in the order of ``INSTALLED_APPS`` (:mod:`joinedup.site.plugins`)."""

from django.contrib import admin
from django.urls import include, path

from joinedup.site import plugins
from joinedup.site.api import api
from joinedup.web.passwords import LimitedPasswordResetView

admin.site.site_header = "joinedup administration"
admin.site.site_title = "joinedup"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Before Django's own accounts URLs: the reset request is limited (same name).
    path(
        "accounts/password_reset/",
        LimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    *(
        path(f"{config.label}/", include(f"{config.name}.urls"))
        for config in plugins.offering("urls")
    ),
    path("", include("joinedup.site.pages")),
]
