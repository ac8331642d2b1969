from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "joinedup.web"
    label = "web"
    verbose_name = "Web application"

    def ready(self) -> None:
        from joinedup.web import logmask

        logmask.install()
