"""Two-factor sign-in: set-up, the code step, recovery codes, turning off, the limit
on wrong codes and ``JOINEDUP_REQUIRE_2FA`` (joinedup.web.twofactor,
joinedup.site.twofactor)."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.web.models import ApiToken
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
SETUP = "/account/two-factor/"
CODE = "/account/two-factor/code/"
OFF = "/account/two-factor/off/"
API = "/api/registry/partnerships"

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows ``steps`` time steps from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():06d}"


def pending(client: Client) -> TOTPDevice:
    """The authenticator being set up in ``client``'s session (not saved)."""
    return TOTPDevice(key=client.session["joinedup-2fa-pending-key"])


def wrong(right: str) -> str:
    return f"{(int(right) + 500_000) % 1_000_000:06d}"


def with_device(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery codes")
    codes = ["aaaa2222bb", "cccc3333dd"]
    for c in codes:
        StaticToken.objects.create(device=recovery, token=c)
    return device, codes


def password_sign_in(username: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


# --- set-up --------------------------------------------------------------------


def test_set_up_confirms_the_device_only_with_a_right_code(personas) -> None:
    client = personas.client("member_a")
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body
    assert "style=" not in body.split("<svg", 1)[1].split("</svg>")[0]
    assert not TOTPDevice.objects.filter(user=personas.member_a).exists()  # looking writes nothing
    device = pending(client)
    right = code_for(device)

    refused = client.post(SETUP, {"code": wrong(right)})
    assert refused.status_code == 200
    assert "not right" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.member_a).exists()
    assert not StaticToken.objects.filter(device__user=personas.member_a).exists()

    accepted = client.post(SETUP, {"code": right})
    assert accepted.status_code == 200
    device = TOTPDevice.objects.get(user=personas.member_a)
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=personas.member_a))
    assert len(codes) == 10
    assert all(c.token in accepted.content.decode() for c in codes)
    # Shown once: the page afterwards does not list them.
    later = client.get(SETUP).content.decode()
    assert codes[0].token not in later
    assert "10 unused recovery codes" in later
    # The session that set it up counts as verified.
    assert client.get("/").status_code == 200


def test_the_set_up_page_is_linked_from_the_api_tokens_page(personas) -> None:
    assert SETUP in personas.client("member_a").get("/account/tokens/").content.decode()


# --- signing in ----------------------------------------------------------------


def test_without_a_device_sign_in_is_as_before(personas) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "member_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get(API).status_code == 200


def test_with_a_device_the_password_alone_opens_nothing(personas) -> None:
    device, _codes = with_device(personas.member_a)
    client = password_sign_in("member_a")
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(CODE + "?next=")
    assert client.get("/dashboard/")["Location"].startswith(CODE)
    api = client.get(API)
    assert api.status_code == 403
    assert "detail" in api.json()
    assert client.get(CODE).status_code == 200

    done = client.post(CODE, {"code": code_for(device), "next": "/dashboard/"})
    assert done.status_code == 302
    assert done["Location"] == "/dashboard/"
    assert client.get("/").status_code == 200
    assert client.get(API).status_code == 200


def test_the_administration_needs_the_code_too(personas) -> None:
    device, _codes = with_device(personas.admin)
    client = Client()
    signed = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert signed.status_code == 302
    assert client.get("/admin/")["Location"].startswith(CODE)
    client.post(CODE, {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_are_refused_then_paused(personas) -> None:
    device, _codes = with_device(personas.member_a)
    client = password_sign_in("member_a")
    right = code_for(device)
    for _ in range(5):
        refused = client.post(CODE, {"code": wrong(right)})
        assert refused.status_code == 200
        assert "not right" in refused.content.decode()
    paused = client.post(CODE, {"code": right})
    assert paused.status_code == 429
    assert int(paused["Retry-After"]) > 0
    assert "Please wait 15 minutes" in paused.content.decode()
    assert client.get("/")["Location"].startswith(CODE)


def test_a_recovery_code_works_once(personas) -> None:
    _device, codes = with_device(personas.member_a)
    first = password_sign_in("member_a")
    assert first.post(CODE, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=personas.member_a).count() == 1

    second = password_sign_in("member_a")
    again = second.post(CODE, {"code": codes[0]})
    assert again.status_code == 200
    assert "not right" in again.content.decode()
    assert second.get("/").status_code == 302


def test_turning_it_off_needs_a_code(personas) -> None:
    device, _codes = with_device(personas.member_a)
    client = password_sign_in("member_a")
    client.post(CODE, {"code": code_for(device)})

    refused = client.post(OFF, {"code": wrong(code_for(device, 1))})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=personas.member_a).exists()

    done = client.post(OFF, {"code": code_for(device, 1)})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.member_a).exists()
    assert not StaticDevice.objects.filter(user=personas.member_a).exists()
    # Signing in is back to the password alone.
    assert password_sign_in("member_a").get("/").status_code == 200


# --- JOINEDUP_REQUIRE_2FA --------------------------------------------------------


@pytest.mark.parametrize("name", ["evaluator", "admin"])
def test_when_required_evaluators_and_administrators_are_sent_to_set_up(
    personas, settings, name
) -> None:
    settings.REQUIRE_2FA = True
    client = personas.client(name)
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(SETUP + "?next=")
    assert client.get("/dashboard/")["Location"].startswith(SETUP)
    api = client.get(API)
    assert api.status_code == 403
    assert "detail" in api.json()
    assert client.get(SETUP).status_code == 200
    assert client.get("/static/joinedup/joinedup.css").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302

    # Once set up in this session, they get in.
    client = personas.client(name)
    client.get(SETUP)
    client.post(SETUP, {"code": code_for(pending(client))})
    assert client.get("/").status_code == 200


def test_when_required_a_member_is_not_sent_anywhere(personas, settings) -> None:
    settings.REQUIRE_2FA = True
    client = personas.client("member_a")
    assert client.get("/").status_code == 200
    assert client.get(API).status_code == 200


def test_when_required_api_tokens_still_work(personas, settings) -> None:
    settings.REQUIRE_2FA = True
    _row, token = ApiToken.issue(personas.evaluator, "script")
    bare = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bare.get(API).status_code == 200
    # Alongside an unverified session, the token (not the session) decides.
    mixed = personas.client("evaluator")
    assert mixed.get(API, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert mixed.get(API, HTTP_AUTHORIZATION="Bearer jdp_wrong").status_code == 401


def test_not_required_by_default(personas) -> None:
    assert personas.client("evaluator").get("/").status_code == 200
    assert personas.client("admin").get("/").status_code == 200


def test_an_administrator_can_turn_it_off_for_a_user(personas) -> None:
    from io import StringIO

    from django.core.management import call_command

    with_device(personas.member_a)
    out = StringIO()
    call_command("twofactor_off", "member_a", stdout=out)
    assert "2 device(s) removed" in out.getvalue()
    assert password_sign_in("member_a").get("/").status_code == 200
