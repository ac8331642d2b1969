"""Pieces of the OpenAPI document shared by every router: error answers and id bounds.

django-ninja documents only the 200 answer of an operation unless told otherwise, so
a client generated from the document (or a fuzzer checking the server against it)
would meet 401, 403, 404 and 422 answers the document never mentions. Each router
declares its answers with :func:`answers`::

    @router.get("/partnerships/{pk}", response=answers(PartnershipOut))

Bodies are django-ninja's own: ``{"detail": "…"}`` for refusals, and for a request
that fails validation ``{"detail": [{"type": …, "loc": […], "msg": …}, …]}`` (or a
sentence, when an operation refuses values it has read itself).

Ids taken from a query string are declared with :data:`MAX_ID`: a larger number
cannot name a row in any database joinedup runs on, and SQLite refuses to compare
a column with it (``OverflowError``), so such a request is answered 422 up front.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

MAX_ID = 2**63 - 1  # the largest 64-bit signed integer, SQLite's and PostgreSQL's bigint


class ErrorOut(Schema):
    """A refusal: not signed in (401), an action your role may not take on an object
    you see (403), or no such object, which is also the answer for one you may not
    see (404)."""

    detail: str


class InvalidOut(Schema):
    """A request the operation cannot use (422): what is wrong and where."""

    detail: str | list[dict[str, Any]]


def answers(ok: Any, *, public: bool = False, body: bool = False) -> dict[int, Any]:
    """The ``response`` mapping of an operation whose success answer is ``ok``.

    ``public`` operations need no authentication and so never answer 401; operations
    that read a JSON ``body`` answer 400 when it is not JSON at all.
    """
    out: dict[int, Any] = {200: ok, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}
    if not public:
        out[401] = ErrorOut
    if body:
        out[400] = ErrorOut
    return dict(sorted(out.items()))
