"""The JSON API (django-ninja). Routers of the other apps are added here."""

from __future__ import annotations

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
