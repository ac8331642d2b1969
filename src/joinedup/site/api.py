"""The JSON API (django-ninja).

Each app may offer ``api.py`` with a ``router`` (a ``ninja.Router``); it is mounted
here under the app's name, e.g. ``/api/surveys/…``.
"""

from __future__ import annotations

import importlib

from django.http import HttpRequest
from ninja import NinjaAPI

from joinedup import __version__

api = NinjaAPI(
    title="joinedup API",
    version=__version__,
    description="Partnerships, organisations, memberships, surveys and their results.",
    urls_namespace="api",
)


@api.get("/health", summary="Is the server up?", auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok", "version": __version__}


for _app in (
    "registry",
    "surveys",
    "context",
    "participation",
    "networks",
    "diagnoses",
    "reports",
):
    try:
        _module = importlib.import_module(f"joinedup.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"joinedup.{_app}.api":
            raise
        continue
    api.add_router(f"/{_app}/", _module.router)
