"""The JSON API (django-ninja).

Each app may offer ``api.py`` with a ``router`` (a ``ninja.Router``); it is mounted
here under the app's label, e.g. ``/api/surveys/…``, in the order of
``INSTALLED_APPS`` (:mod:`joinedup.site.plugins`).
"""

from __future__ import annotations

import importlib

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from joinedup import __version__
from joinedup.site import plugins

api = NinjaAPI(
    title="joinedup API",
    version=__version__,
    description="Partnerships, organisations, memberships, surveys and their results.",
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """The permission checks shared with the pages raise PermissionDenied; the API
    answers it in its own JSON shape, as documented (``{"detail": …}``, 403)."""
    detail = str(exc) or "Your role may not do this."
    return api.create_response(request, {"detail": detail}, status=403)


@api.get("/health", summary="Is the server up?", auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok", "version": __version__}


for _config in plugins.offering("api"):
    api.add_router(f"/{_config.label}/", importlib.import_module(f"{_config.name}.api").router)
