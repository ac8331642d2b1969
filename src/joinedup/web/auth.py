"""Authentication for the JSON API, shared by every app's router.

``api_auth`` accepts either a signed-in browser session (with its CSRF check, as
``ninja.security.django_auth``) or ``Authorization: Bearer <token>`` with a token made
on the "API tokens" page. Use it on a router or an operation::

    from joinedup.web.auth import api_auth
    router = Router(auth=api_auth)

Inside an operation ``request.auth`` (and ``request.user``) is the Django user, so
``joinedup.registry.permissions`` works unchanged.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from joinedup.web.models import ApiToken


class TokenBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.authenticate(token)
        if row is None:
            return None
        request.user = row.user
        return row.user


bearer = TokenBearer()
api_auth = [bearer, django_auth]
