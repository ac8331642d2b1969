from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _rounds_section(request: HttpRequest, partnership: Any) -> dict[str, Any] | None:
    """The partnership page's "Survey rounds": rounds with their response rates
    (counts of invitations; the count alone while a round is open, see
    :mod:`joinedup.surveys.visibility`), for anyone who may view the partnership."""
    from joinedup.registry.permissions import can_view
    from joinedup.surveys.extract import partnership_rounds
    from joinedup.surveys.visibility import visible_rates

    if not can_view(request.user, partnership):
        return None
    rows = [
        (r, visible_rates(request.user, r, breakdown=False))
        for r in partnership_rounds(partnership)
    ]
    return {"partnership": partnership, "rows": rows}


class SurveysConfig(AppConfig):
    name = "joinedup.surveys"
    label = "surveys"
    verbose_name = "Instruments and survey rounds"

    def ready(self) -> None:
        from joinedup.outbox.models import Message
        from joinedup.outbox.signals import message_sent
        from joinedup.surveys.mailing import record_sent
        from joinedup.web.sections import partnership_section

        message_sent.connect(record_sent, sender=Message, dispatch_uid="surveys.record_sent")

        partnership_section(20, "surveys/_section.html", _rounds_section)
