"""E-mail in the recipient's language: a person who prefers Welsh is written to in
Welsh, whatever the language of the page that sends it, through a real SMTP server
on loopback; the language switch in the header is remembered (cookie, and the
signed-in user's linked person) and works without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from joinedup.registry.models import Person
from tests.outbox.conftest import smtp_server, use_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

WELSH_LINK = re.compile(r"http://testserver(/accounts/reset/[^\s]+/)")


def _invite(client: Client, email: str, partnership: int) -> None:
    data = {"email": email, "role": "member", "partnership": partnership}
    assert client.post(reverse("setup:invite"), data).status_code == 302


def test_a_welsh_speaker_is_invited_in_welsh_from_an_english_page(
    town,
    smtp_server,  # noqa: F811 - the imported fixture
    settings,
) -> None:
    use_server(settings, smtp_server)
    Person.objects.filter(email="ada@council.test").update(language="cy")
    coordinator = town.client("coordinator_a")  # reads the site in English
    _invite(coordinator, "ada@council.test", town.a.pk)
    _invite(coordinator, "gil@motors.test", town.a.pk)  # no preference: the page's language

    welsh, english = smtp_server.mailbox.messages
    assert welsh["To"] == "ada@council.test"
    assert welsh["Subject"] == "Eich cyfrif joinedup"
    body = welsh.get_body(("plain",)).get_content()
    assert "Rhoddwyd cyfrif i chi yn joinedup gyda'r rôl hon ar gyfer Brackwater Together" in body
    assert "Aelod: yn gweld canlyniadau'r bartneriaeth" in body
    assert "Dewiswch eich cyfrinair yma" in body
    assert WELSH_LINK.search(body)
    assert "Choose your password" not in body
    assert "Member: sees" not in body

    assert english["Subject"] == "Your joinedup account"
    assert "Choose your password here" in english.get_body(("plain",)).get_content()


def test_the_password_reset_follows_the_account_holders_language(
    town,
    smtp_server,  # noqa: F811 - the imported fixture
    settings,
) -> None:
    use_server(settings, smtp_server)
    member = town.users["member_a"]
    Person.objects.create(display_name="Nia Pryce", email=member.email, user=member, language="cy")
    response = Client().post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    (message,) = smtp_server.mailbox.messages
    assert message["Subject"] == "Ailosod eich cyfrinair joinedup"
    body = message.get_body(("plain",)).get_content()
    assert "Gofynnodd rhywun, chi mae'n debyg, am ailosod cyfrinair y cyfrif joinedup" in body
    assert "/accounts/reset/" in body
    assert "password" not in body.lower()


def test_the_language_switch_is_remembered(town) -> None:
    visitor = Client()
    page = visitor.get(reverse("login")).content.decode()
    assert 'name="language" value="cy"' in page
    assert ">Cymraeg</button>" in page
    switched = visitor.post(reverse("set_language"), {"language": "cy", "next": "/accounts/login/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/accounts/login/"
    assert visitor.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "cy"
    page = visitor.get(reverse("login")).content.decode()
    assert '<html lang="cy">' in page
    assert "Mewngofnodi" in page
    assert ">English</button>" in page  # the way back, in its own name

    # A signed-in user's choice is also kept on their linked person, for e-mail.
    member = town.users["member_a"]
    person = Person.objects.create(display_name="Nia Pryce", email=member.email, user=member)
    client = town.client("member_a")
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    person.refresh_from_db()
    assert person.language == "cy"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"


def test_the_switch_refuses_a_foreign_next_address(town) -> None:
    response = Client().post(
        reverse("set_language"), {"language": "cy", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
