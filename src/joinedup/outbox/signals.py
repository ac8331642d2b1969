"""``message_sent(sender=Message, message=...)``: sent once a message has gone."""

from __future__ import annotations

from django.dispatch import Signal

message_sent = Signal()
