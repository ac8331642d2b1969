"""Binds each request to the audit log, and writes events for the administration
and for downloads of confidential files.

- Django's administration writes a ``LogEntry`` for every addition, change and
  deletion (bulk deletions too); after each POST to the administration the new
  entries of that user are copied into the audit log with the client's address.
- A successful GET that downloads a file is recorded: its response is an attachment
  (``Content-Disposition: attachment``), it has a ``fmt`` (format) parameter, or
  its URL name marks confidential data (:data:`DOWNLOADS`). So is a successful POST
  to a page whose URL name says it imports a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from joinedup.audit.log import bind, record, unbind

DOWNLOADS = re.compile(r"(reminders|download|pairs|_pdf|export|extract|bundle)")
IMPORTS = re.compile(r"import")
ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = bind(request)
        try:
            mark = self._admin_mark(request)
            response = self.get_response(request)
            if mark is not None:
                mirror_admin_entries(request, mark)
            if response.status_code < 400:
                _record_transfer(request, response)
        finally:
            unbind(token)
        return response

    def _admin_mark(self, request: HttpRequest) -> int | None:
        """The last LogEntry before an administration POST, or None."""
        if request.method != "POST":
            return None
        self.admin_prefix = self.admin_prefix or reverse("admin:index")
        if not request.path.startswith(self.admin_prefix):
            return None
        last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        return last or 0


def mirror_admin_entries(request: HttpRequest, after: int) -> int:
    """Copy the administration's log entries newer than ``after`` made by this user."""
    user_id = getattr(request.user, "pk", None)
    if user_id is None:
        return 0
    entries = LogEntry.objects.filter(pk__gt=after, user_id=user_id).select_related("content_type")
    count = 0
    for entry in entries.order_by("pk"):
        label = entry.content_type.app_label if entry.content_type else ""
        model = entry.content_type.model if entry.content_type else ""
        message = entry.get_change_message()
        record(
            ADMIN_ACTIONS.get(entry.action_flag, "admin.other"),
            object_type=f"{label}.{model}" if label else "",
            object_id=entry.object_id or "",
            partnership=_partnership(label, model, entry.object_id),
            summary=f"{entry.object_repr}" + (f": {message}" if message else ""),
        )
        count += 1
    return count


def _partnership(label: str, model: str, object_id: str | None) -> Any:
    from joinedup.registry.models import Partnership

    if (label, model) != ("registry", "partnership") or not (object_id or "").isdigit():
        return None
    return Partnership.objects.filter(pk=int(object_id or 0)).first()


def _is_download(request: HttpRequest, response: HttpResponse, name: str) -> bool:
    if request.method != "GET":
        return False
    attachment = response.get("Content-Disposition", "").lower().startswith("attachment")
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    return attachment or "fmt" in kwargs or bool(DOWNLOADS.search(name))


def _record_transfer(request: HttpRequest, response: HttpResponse) -> None:
    match = request.resolver_match
    if match is None or match.view_name.startswith(("admin:", "api:")):
        return
    name = match.view_name
    if _is_download(request, response, name):
        action = "download"
    elif request.method == "POST" and IMPORTS.search(name):
        action = "import.web"
    else:
        return
    record(
        action,
        object_type=name,
        object_id=match.kwargs.get("pk", ""),
        partnership=_partnership_of(match),
        summary=request.get_full_path()[:500],
    )


def _partnership_of(match: Any) -> Any:
    """The partnership a URL's ``pk`` belongs to, found the way the URL names it:
    the path segment before ``<int:pk>`` names a model of the view's app or of the
    registry (``rounds/<int:pk>/`` → Round, ``partnership/<int:pk>/`` → Partnership)."""
    from django.apps import apps

    from joinedup.registry.models import Partnership

    pk = match.kwargs.get("pk")
    before = match.route.split("<int:pk>")[0].strip("/").split("/") if pk else []
    if not before or not before[-1]:
        return None
    word = before[-1].lower().replace("-", "")
    stems = {word, word.removesuffix("s"), word.removesuffix("ies") + "y"}
    for label in (match.app_name, "registry"):
        try:
            models = apps.get_app_config(label).get_models() if label else []
        except LookupError:
            continue
        for model in models:
            if model._meta.model_name not in stems:
                continue
            if model is Partnership:
                return Partnership.objects.filter(pk=pk).first()
            if any(f.name == "partnership" for f in model._meta.concrete_fields):
                row = model._default_manager.filter(pk=pk).select_related("partnership").first()
                return getattr(row, "partnership", None)
    return None
