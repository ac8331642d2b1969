"""Downloads of a partnership's network (GraphML, GEXF, node and edge CSV).

Anyone who may view the partnership gets the shareable files (ties without
ratings, organisation measures with trust and value only from ≥ k raters);
administrators' files carry in- and out-degree and measures of the directed
network, everyone else's only measures of the ties without direction;
the raw pairwise ratings file is for administrators only, and says it is
confidential in its name and its first line.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from joinedup.networks.services import EXPORTS, confidential_pairs, export, partnership_network
from joinedup.registry import permissions
from joinedup.registry.models import Partnership


def _attachment(text: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    if kind not in EXPORTS:
        raise Http404
    result = partnership_network(partnership, directed=bool(request.user.is_superuser))
    if result is None:
        raise Http404
    content_type, suffix = EXPORTS[kind]
    filename = f"{slugify(partnership.name)}-network.{suffix}"
    return _attachment(export(result, kind), content_type, filename)


@login_required
def download_pairs(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    if not request.user.is_superuser:
        raise PermissionDenied  # the viewer sees the partnership, but not who rated whom
    result = partnership_network(partnership, directed=True)
    if result is None:
        raise Http404
    filename = f"CONFIDENTIAL-{slugify(partnership.name)}-pair-ratings.csv"
    return _attachment(confidential_pairs(result), "text/csv", filename)
