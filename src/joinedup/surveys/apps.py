from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "joinedup.surveys"
    label = "surveys"
    verbose_name = "Instruments and survey rounds"
