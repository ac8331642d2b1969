from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "joinedup.surveys"
    label = "surveys"
    verbose_name = "Instruments and survey rounds"

    def ready(self) -> None:
        from joinedup.outbox.models import Message
        from joinedup.outbox.signals import message_sent
        from joinedup.surveys.mailing import record_sent

        message_sent.connect(record_sent, sender=Message, dispatch_uid="surveys.record_sent")
