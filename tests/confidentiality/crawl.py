"""Reading everything a persona may open about one partnership.

The quick reading is the JSON API (every endpoint that takes the partnership or
one of its rounds) and the network's CSV downloads; ``full`` adds the partnership
page and follows every same-site link on it (report page, network
page, diagnoses, benchmark and all downloads: CSV, Parquet, GraphML, GEXF);
``pdf`` adds the partnership report's PDF, read as text with pdftotext.
"""

from __future__ import annotations

import re
from typing import Any

from tests.confidentiality.harvest import Shown, from_response
from tests.confidentiality.world import Truth

HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/accounts/", "/admin/", "/account/", "/static/", "/i18n/", "/surveys/s/", "/logout")
DOWNLOADS = ("nodes", "edges", "graphml", "gexf")


def api_urls(truth: Truth) -> list[str]:
    pk = truth.partnership_pk
    urls = [
        f"/api/registry/partnerships/{pk}",
        f"/api/surveys/partnerships/{pk}/rounds",
        f"/api/context/partnerships/{pk}/",
        f"/api/participation/partnerships/{pk}/summary",
        f"/api/networks/partnerships/{pk}/",
        f"/api/diagnoses/partnerships/{pk}/",
    ]
    return urls + [f"/api/surveys/rounds/{r}/rate" for r in truth.rounds.values()]


def _get(client: Any, url: str, out: list[Shown], seen: set[str]) -> str | None:
    if url in seen:
        return None
    seen.add(url)
    response = client.get(url)
    if response.status_code != 200:
        return None
    out.extend(from_response(response, url))
    if "html" in response.get("Content-Type", ""):
        return response.content.decode()
    return None


def read(client: Any, truth: Truth, full: bool = False, pdf: bool = False) -> list[Shown]:
    pk = truth.partnership_pk
    out: list[Shown] = []
    seen: set[str] = set()
    for url in api_urls(truth):
        _get(client, url, out, seen)
    for kind in DOWNLOADS[:2]:
        _get(client, f"/networks/{pk}/download/{kind}/", out, seen)
    if full:
        page = _get(client, f"/partnerships/{pk}/", out, seen) or ""
        queue = [u for u in HREF.findall(page) if not u.startswith(SKIP)]
        while queue:
            url = queue.pop(0).replace("&amp;", "&")
            if url.startswith(SKIP) or url.endswith("/pdf/"):
                continue
            html = _get(client, url, out, seen)
            # One level further from the partnership page or one of its section pages.
            if html and (url.count("/") <= 4 or "/section/" in url):
                queue += [u for u in HREF.findall(html) if u not in seen and str(pk) in u]
    if pdf:
        _get(client, f"/reports/partnership/{pk}/pdf/", out, seen)
    return out
