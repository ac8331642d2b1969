"""Where a signed-in session that has not given a two-factor code may go.

Two cases (see :mod:`joinedup.web.twofactor` for the pages):

- the session was opened with a password by someone who has a confirmed device
  (:data:`~joinedup.web.twofactor.UNVERIFIED` is set): every page but the code
  page, sign-in, sign-out and static files redirects to the code page;
- ``JOINEDUP_REQUIRE_2FA`` is on and the user is an administrator (superuser) or an
  evaluator: every page but those and the set-up page redirects to the set-up page
  (or the code page, when they have a device).

The JSON API answers such a session 403 with a JSON ``detail`` instead of a
redirect. A request that carries ``Authorization`` (an API token, a separate
credential) is not judged by the session at all: the session's user is set
aside so that only the token can authenticate it.

This lives in the site layer because who is an evaluator is the registry's
knowledge (:func:`joinedup.registry.permissions.is_evaluator`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from joinedup.registry.permissions import is_evaluator
from joinedup.web.twofactor import UNVERIFIED, is_verified


def _required(user: object) -> bool:
    return bool(settings.REQUIRE_2FA and is_evaluator(user))  # superusers included


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return self.get_response(request)
        path = request.path_info
        api = path.startswith("/api/")
        if api and "authorization" in request.headers:
            request.user = AnonymousUser()  # only the token may authenticate this call
            return self.get_response(request)
        verify_url = reverse("web:two_factor_verify")
        open_paths = (verify_url, reverse("logout"), reverse("login"), settings.STATIC_URL)
        if path.startswith(open_paths):
            return self.get_response(request)
        if request.session.get(UNVERIFIED):
            target = verify_url
        elif _required(user):
            setup_url = reverse("web:two_factor")
            if path.startswith(setup_url):
                return self.get_response(request)
            target = verify_url if user_has_device(user, confirmed=True) else setup_url
        else:
            return self.get_response(request)
        if api:
            return JsonResponse(
                {"detail": _("Two-factor sign-in is needed: sign in again in the browser.")},
                status=403,
            )
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{target}?{query}")
