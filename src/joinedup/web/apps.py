from django.apps import AppConfig


def name_two_factor_apps() -> None:
    """django-otp's two device apps have no name of their own, so the administration's
    index would show their labels (``otp_totp``, ``otp_static``) as headings."""
    from django.apps import apps
    from django.utils.translation import gettext_lazy as _

    names = {
        "otp_totp": _("Two-factor: authenticator apps"),
        "otp_static": _("Two-factor: recovery codes"),
    }
    for label, name in names.items():
        if apps.is_installed(f"django_otp.plugins.{label}"):
            apps.get_app_config(label).verbose_name = name


class WebConfig(AppConfig):
    name = "joinedup.web"
    label = "web"
    verbose_name = "Web application"

    def ready(self) -> None:
        name_two_factor_apps()
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_started, setting_changed
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.utils import translation

        from joinedup.analysis import words
        from joinedup.web import logmask, section_cache, twofactor

        logmask.install()
        # The analysis core's sentences in the reader's language (it names no Django).
        words.install(translation.gettext, translation.ngettext)
        user_logged_in.connect(twofactor.flag_unverified, dispatch_uid="joinedup-2fa")
        # The data version of the kept page sections: every connection's writes are
        # watched (those open already, and each new one).
        connection_created.connect(section_cache.install, dispatch_uid="joinedup-sections")
        for opened in connections.all(initialized_only=True):
            section_cache.install(opened)
        request_started.connect(section_cache.reset_thread, dispatch_uid="joinedup-sections")
        setting_changed.connect(section_cache.settings_changed, dispatch_uid="joinedup-sections")
