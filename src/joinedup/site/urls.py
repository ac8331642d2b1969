"""The root URL map (``ROOT_URLCONF``): each app with a ``urls`` module is mounted
under its label, in the order of ``INSTALLED_APPS`` (:mod:`joinedup.site.plugins`)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from joinedup.site import language, plugins
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
    # Django's own set-password views, in the site's style: the link of a password
    # reset and of an invitation to an account (joinedup.site.setup_services).
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="setup/password_set.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="setup/password_done.html"),
        name="password_reset_complete",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", language.switch, name="set_language"),
    path("setup/", include("joinedup.site.setup_urls")),
    *(
        path(f"{config.label}/", include(f"{config.name}.urls"))
        for config in plugins.offering("urls")
    ),
    path("", include("joinedup.site.pages")),
]
