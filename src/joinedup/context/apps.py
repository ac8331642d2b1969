from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "joinedup.context"
    label = "context"
    verbose_name = "Partnership context"
