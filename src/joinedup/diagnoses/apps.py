from django.apps import AppConfig


class DiagnosesConfig(AppConfig):
    name = "joinedup.diagnoses"
    label = "diagnoses"
    verbose_name = "Diagnoses from the partnership frameworks"
