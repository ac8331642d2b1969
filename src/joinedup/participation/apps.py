from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "joinedup.participation"
    label = "participation"
    verbose_name = "Participation and outcomes"
