from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "joinedup.web"
    label = "web"
    verbose_name = "Web application"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from joinedup.web import logmask, twofactor

        logmask.install()
        user_logged_in.connect(twofactor.flag_unverified, dispatch_uid="joinedup-2fa")
