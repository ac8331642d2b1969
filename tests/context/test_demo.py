"""The full demo: the Health and Social Care Board's page shows its expiring bid money."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PARTNERSHIP_C


def test_full_demo_board_page_flags_expiring_bid(db, monkeypatch):
    from joinedup.demo import load_demo
    from joinedup.registry.models import Access, AccessRole, Partnership

    monkeypatch.setattr("joinedup.context.sections.today", lambda: dt.date(2026, 11, 23))
    load_demo(seed=2024)
    board = Partnership.objects.get(name=PARTNERSHIP_C)
    user = get_user_model().objects.create_user("board_member", "b@example.org", "pw-123456")
    Access.objects.create(user=user, role=AccessRole.MEMBER, partnership=board)
    client = Client()
    client.force_login(user)
    html = client.get(f"/partnerships/{board.pk}/section/context/").content.decode()
    assert "What the partnership is for and how it is funded" in html
    assert 'class="context-alert" role="alert"' in html
    assert "Ending: Ageing Well Innovation Fund (bid)." in html
    # the demo's health-check rounds give members' view of the purpose kind
    assert "Members who see it differently" in html
    assert "No health-check round has asked members yet." not in html
