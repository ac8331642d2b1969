from django.apps import AppConfig


class TheoryConfig(AppConfig):
    name = "joinedup.theory"
    label = "theory"
    verbose_name = "Theory of change"
