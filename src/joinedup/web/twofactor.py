"""Two-factor sign-in: an authenticator app's codes (TOTP) and single-use recovery codes.

Built on django-otp: a user's authenticator is a ``TOTPDevice`` and their recovery
codes are one ``StaticDevice`` (named :data:`RECOVERY`) holding :data:`RECOVERY_COUNT`
tokens, each deleted when used. A session is *verified* once
:func:`django_otp.login` has stored the device that passed; ``OTPMiddleware`` then
makes ``request.user.is_verified()`` true.

Sign-in itself is unchanged: the password form, django-axes' lockout and the
redirect all work as before. When someone with a confirmed device has just signed
in with their password, :func:`flag_unverified` (a ``user_logged_in`` receiver)
marks the session; :class:`joinedup.site.twofactor.TwoFactorMiddleware` then sends
every request of that session to :func:`verify` until a code has been given, so
the password alone opens nothing. Users without a device never get the mark and
sign in exactly as before.

Wrong codes are counted per user (:mod:`joinedup.web.rates`, scope ``otp-user``):
once the window's allowance is used up, every attempt — right or wrong — is
answered 429 until the window ends. django-otp's own per-device back-off is turned
off (``OTP_*_THROTTLE_FACTOR = 0``) so that there is one rule with one message.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from joinedup.web.rates import take, wait_response, waiting

#: Session key set at a password sign-in of a user who has a confirmed device.
UNVERIFIED = "joinedup-2fa-unverified"
#: The name of the static device that holds a user's recovery codes.
RECOVERY = "recovery codes"
RECOVERY_COUNT = 10
#: Session key holding the secret of an authenticator being set up.
PENDING_KEY = "joinedup-2fa-pending-key"
SCOPE = "otp-user"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split()).lower()


class FirstCodeForm(CodeForm):
    """The code that confirms a new authenticator: there are no recovery codes yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = gettext_lazy(
            "The six digits your authenticator app shows now."
        )


def is_verified(request: HttpRequest) -> bool:
    """Whether this request's session has passed a second factor
    (``OTPMiddleware`` installs ``user.is_verified``)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check is not None and check())


def flag_unverified(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: a password sign-in of a user with a confirmed
    device leaves the session waiting for a code."""
    if request is None or hasattr(user, "otp_device"):
        return
    if user_has_device(user, confirmed=True):
        request.session[UNVERIFIED] = True


def _next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _throttled(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    wait = waiting(SCOPE, f"user:{request.user.pk}")
    return wait_response(request, wait, template, {**context, "too_many": True})


def _check(request: HttpRequest, code: str) -> Any:
    """The user's confirmed device that accepts ``code``; None when none does,
    counting the failure."""
    device = match_token(request.user, code)
    if device is None:
        take(SCOPE, f"user:{request.user.pk}")
    return device


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app or a recovery code."""
    target = _next(request)
    if is_verified(request) or not user_has_device(request.user, confirmed=True):
        request.session.pop(UNVERIFIED, None)
        return redirect(target)
    form = CodeForm(request.POST or None)
    context = {"form": form, "next": target}
    template = "joinedup/two_factor_verify.html"
    if request.method == "POST":
        if waiting(SCOPE, f"user:{request.user.pk}"):
            return _throttled(request, template, context)
        if form.is_valid():
            device = _check(request, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                request.session.pop(UNVERIFIED, None)
                return redirect(target)
            form.add_error("code", _("That code is not right. Check the time on your phone."))
    return render(request, template, context)


def _pending_device(request: HttpRequest) -> TOTPDevice:
    """The authenticator being set up, not yet saved: its secret waits in the
    session, so that looking at the set-up page writes nothing."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, name="authenticator", key=key, confirmed=False)


def _accepts(device: TOTPDevice, code: str) -> bool:
    """Whether ``code`` is the unsaved ``device``'s current one (within its
    tolerance); remembers the step so that the code cannot be used again."""
    try:
        token = int(code)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(token, device.tolerance):
        return False
    device.last_t = totp.t()
    return True


def _qr_svg(url: str) -> str:
    """The ``otpauth://`` address as an inline SVG QR code (no style attributes,
    so the Content-Security-Policy needs no hash for it)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg


def _secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four for typing."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with :data:`RECOVERY_COUNT` new ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (QR code, confirm with a code, recovery codes once),
    or see that it is on."""
    user = request.user
    template = "joinedup/two_factor.html"
    active = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    if active is not None:
        left = StaticToken.objects.filter(device__user_id=user.pk).count()
        return render(request, template, {"active": active, "left": left, "form": CodeForm()})
    device = _pending_device(request)
    form = FirstCodeForm(request.POST or None)
    context = {
        "form": form,
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (built by qrcode from our data)
        "secret": _secret(device),
        "next": _next(request, ""),
    }
    if request.method == "POST":
        if waiting(SCOPE, f"user:{user.pk}"):
            return _throttled(request, template, context)
        if form.is_valid():
            if _accepts(device, form.cleaned_data["code"]):
                device.confirmed = True
                device.save()
                request.session.pop(PENDING_KEY, None)
                codes = _new_recovery_codes(user)
                otp_login(request, device)
                request.session.pop(UNVERIFIED, None)
                return render(
                    request,
                    template,
                    {"active": device, "codes": codes, "left": len(codes), "form": CodeForm()},
                )
            take(SCOPE, f"user:{user.pk}")
            form.add_error("code", _("That code is not right. Check the time on your phone."))
    return render(request, template, context)


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """Remove the user's authenticator and recovery codes, given a current code."""
    user = request.user
    form = CodeForm(request.POST)
    template = "joinedup/two_factor.html"
    active = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    if active is None:
        return redirect("web:two_factor")
    left = StaticToken.objects.filter(device__user_id=user.pk).count()
    context = {"active": active, "left": left, "form": form}
    if waiting(SCOPE, f"user:{user.pk}"):
        return _throttled(request, template, context)
    if form.is_valid():
        if _check(request, form.cleaned_data["code"]) is not None:
            for device in devices_for_user(user, confirmed=None):
                device.delete()
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect(reverse("web:two_factor"))
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    return render(request, template, context, status=400)


@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    user = request.user
    active = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    if active is None or not is_verified(request):
        return redirect("web:two_factor")
    codes = _new_recovery_codes(user)
    return render(
        request,
        "joinedup/two_factor.html",
        {"active": active, "codes": codes, "left": len(codes), "form": CodeForm()},
    )
