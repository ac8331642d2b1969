"""The partnership report as a PDF, printed by WeasyPrint without the network.

The report's HTML is rendered by the same templates as the page; its static files
(style sheets) are read from the installed package through Django's static-file
finders, and every other address is refused, so a PDF can be made on a closed
network. Charts are inline SVG in the HTML; for printing each is handed to
WeasyPrint as an SVG image (a ``data:`` URL), which still prints as vectors but
keeps the chart's hundreds of elements out of the page's style cascade and box
tree — the largest single saving in the time a report takes to print.
"""

from __future__ import annotations

import base64
import html as html_lib
import logging
import mimetypes
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from joinedup.reports.report import Report

BASE_URL = "https://joinedup.invalid/"
# Why a user who asks for many PDFs in a row is asked to wait (settings.REQUEST_RATES,
# scope "pdf-user"): printing a report keeps a server thread busy for seconds.
BUSY = gettext_lazy(
    "You have asked for several PDF reports in a short time, and each one takes the "
    "server a while to make."
)
STYLE_SHEETS = (
    "joinedup/joinedup.css",
    "joinedup/overview.css",
    "reports/print.css",
    "networks/netmap.css",
)


class OfflineFetchError(ValueError):
    """WeasyPrint asked for something that is not one of our static files."""


def _static_body(url: str) -> tuple[bytes, str]:
    prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        raise OfflineFetchError(f"not fetched (reports use no network): {url}")
    found = finders.find(url[len(prefix) :].split("?")[0])
    if not found:
        raise OfflineFetchError(f"no such static file: {url}")
    path = Path(found if isinstance(found, str) else found[0])
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def offline_fetcher() -> Any:
    """WeasyPrint's URL fetcher: our static files and ``data:`` URLs, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, mime = _static_body(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return OfflineFetcher(allowed_protocols=("https", "data"))


def report_html(request: HttpRequest | None, report: Report, context: dict[str, Any]) -> str:
    return render_to_string(
        "reports/report_pdf.html", {"report": report, **context}, request=request
    )


def inline_styles() -> str:
    """The report's style sheets as text, for an HTML file that stands on its own."""
    texts = []
    for name in STYLE_SHEETS:
        found = finders.find(name)
        if found:
            texts.append(Path(found if isinstance(found, str) else found[0]).read_text("utf-8"))
    return "\n".join(texts)


class _QuietCss(logging.Filter):
    """Drop WeasyPrint's notes about screen-only CSS it cannot use (media queries,
    grid auto-fill); keep everything else, e.g. a resource that failed to load."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.getMessage())
        return "load" in text.lower() or "fetch" in text.lower()


_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_LABEL = re.compile(r"<title[^>]*>(.*?)</title>|aria-label=\"([^\"]*)\"", re.DOTALL)


def _as_image(found: re.Match[str]) -> str:
    svg = found.group(0)
    label = _LABEL.search(svg)
    text = next(filter(None, label.groups()), "") if label else ""
    alt = html_lib.escape(html_lib.unescape(text))
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def svg_as_images(html: str) -> str:
    """Every inline ``<svg>`` of ``html`` as an ``<img>`` with the same SVG as a
    ``data:`` URL (charts carry no style from the page, so they look the same)."""
    return _SVG.sub(_as_image, html)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    html = svg_as_images(html)
    css_logger = logging.getLogger("weasyprint")
    if not any(isinstance(f, _QuietCss) for f in css_logger.filters):
        css_logger.addFilter(_QuietCss())
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=offline_fetcher())
    return document.write_pdf()  # type: ignore[no-any-return]
