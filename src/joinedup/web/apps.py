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

        from joinedup.web import logmask, twofactor

        logmask.install()
        user_logged_in.connect(twofactor.flag_unverified, dispatch_uid="joinedup-2fa")
