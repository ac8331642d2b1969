"""Inviting someone to an account: the e-mail carries a link to choose a password
(Django's password-reset confirmation); with it set, they sign in and have the
role's access. A late invitee is added to a round from the round's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.outbox.delivery import deliver_all
from joinedup.registry.models import Access, Person

LINK = re.compile(r"http://testserver(/accounts/reset/[^\s]+/)")


def _set_password(link: str, password: str) -> Client:
    visitor = Client()
    form = visitor.get(link, follow=True)
    assert form.status_code == 200
    assert "Choose your password" in form.content.decode()
    done = visitor.post(
        form.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )
    assert "Your password is set" in done.content.decode()
    return visitor


def _sign_in(username: str, password: str) -> Client:
    """Through the sign-in form, as a person does (the lockout wants a request)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[-800:]
    return client


@pytest.mark.django_db
def test_a_coordinator_invites_a_member_who_sets_a_password_and_signs_in(town) -> None:
    client = town.client("coordinator_a")
    data = {"email": "Nia.Pryce@trust.test", "role": "member", "partnership": town.a.pk}
    response = client.post(reverse("setup:invite"), data)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["Nia.Pryce@trust.test"]
    assert "Brackwater Together" in message.body
    assert "Member" in message.body
    link = LINK.search(message.body).group(1)
    user = get_user_model().objects.get(email="Nia.Pryce@trust.test")
    assert not user.has_usable_password()
    assert Access.objects.filter(user=user, role="member", partnership=town.a).exists()
    assert AuditEvent.objects.filter(action="access.grant", who="coordinator_a").exists()
    _set_password(link, "a-long-pass-phrase-77")
    # The link works once.
    again = Client().get(link, follow=True).content.decode()
    assert "has been used already or has expired" in again
    member = _sign_in("Nia.Pryce@trust.test", "a-long-pass-phrase-77")
    assert member.get(reverse("web:partnership", args=[town.a.pk])).status_code == 200
    assert member.get(reverse("web:partnership", args=[town.b.pk])).status_code == 404
    # A member, not a coordinator: the set-up pages are refused.
    assert member.get(reverse("setup:partnership_edit", args=[town.a.pk])).status_code == 403


@pytest.mark.django_db
def test_an_administrator_invites_a_coordinator_who_can_then_set_up(town) -> None:
    admin = town.client("admin")
    data = {"email": "rhi@fenby.test", "role": "coordinator", "partnership": town.b.pk}
    assert admin.post(reverse("setup:invite"), data).status_code == 302
    link = LINK.search(mail.outbox[0].body).group(1)
    _set_password(link, "fenby-roads-pass-31")
    coordinator = _sign_in("rhi@fenby.test", "fenby-roads-pass-31")
    assert coordinator.get(reverse("setup:partnership_edit", args=[town.b.pk])).status_code == 200
    assert coordinator.get(reverse("setup:partnership_edit", args=[town.a.pk])).status_code == 404


@pytest.mark.django_db
def test_an_existing_account_gets_the_role_and_a_sign_in_link(town) -> None:
    admin = town.client("admin")
    data = {"email": "eval@example.org", "role": "coordinator", "partnership": town.a.pk}
    assert admin.post(reverse("setup:invite"), data).status_code == 302
    assert "/accounts/login/" in mail.outbox[0].body
    assert "/accounts/reset/" not in mail.outbox[0].body
    assert Access.objects.filter(user=town.users["evaluator"], role="coordinator").exists()
    assert get_user_model().objects.filter(email__iexact="eval@example.org").count() == 1


@pytest.mark.django_db
def test_only_an_administrator_grants_the_evaluators_role(town) -> None:
    admin = town.client("admin")
    assert (
        admin.post(reverse("setup:invite"), {"email": "ev@x.test", "role": "evaluator"}).status_code
        == 302
    )
    user = get_user_model().objects.get(email="ev@x.test")
    assert Access.objects.get(user=user).partnership is None


@pytest.mark.django_db
def test_a_late_invitee_is_added_from_the_round_page(town) -> None:
    from joinedup.surveys.library import ensure_builtin_instruments
    from joinedup.surveys.models import InstrumentVersion
    from joinedup.surveys.rounds import create_round, open_round

    ensure_builtin_instruments()
    instrument = InstrumentVersion.objects.filter(kind="questionnaire").first()
    now = timezone.now()
    round_ = create_round(
        town.a,
        instrument,
        "spring",
        now - dt.timedelta(days=1),
        now + dt.timedelta(days=20),
        ["officer", "voluntary sector"],
    )
    open_round(round_)
    url = reverse("surveys:round_add_person", args=[round_.pk])
    page = town.client("coordinator_a").get(reverse("surveys:round", args=[round_.pk]))
    assert url in page.content.decode()
    assert "/admin/" not in page.content.decode().split("</header>")[1]
    for persona, status in (("member_a", 403), ("evaluator", 403), ("coordinator_b", 404)):
        assert town.client(persona).post(url, {}).status_code == status
    data = {
        "display_name": "Ola Brenn",
        "email": "ola@trust.test",
        "organisation": town.trust.pk,
        "group": "voluntary sector",
    }
    # Only a current member's people may be added.
    wrong = town.client("coordinator_a").post(url, {**data, "organisation": town.garage.pk})
    assert wrong.status_code == 200
    assert not Person.objects.filter(display_name="Ola Brenn").exists()
    assert town.client("coordinator_a").post(url, data).status_code == 302
    invitation = round_.invitations.get(person__display_name="Ola Brenn")
    assert invitation.group == "voluntary sector"
    deliver_all()  # what the e-mail worker does
    (message,) = mail.outbox
    assert message.to == ["ola@trust.test"]
    assert "/surveys/s/" in message.body
    again = town.client("coordinator_a").post(url, data)
    assert "invited to this round already" in again.content.decode()
