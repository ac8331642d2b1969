"""Charts drawn on the server: a Vega-Lite specification in, an SVG string out.

Every chart joinedup shows (the radar of a round's scores, Newman's dynamics plane,
the ladder of partnership, an indicator's line, the funding timeline) is an
Altair/Vega-Lite specification that its app builds and hands to :func:`svg`. The
drawing is done here, once, the same way for all of them:

- **vl-convert** renders the specification to SVG in the server process, so pages
  load no script and nothing from a CDN, and the PDF gets the very same picture.
- **One font.** vl-convert lays text out with the metrics of the font the
  specification names. The report's PDF (``print.css``, WeasyPrint) draws in
  :data:`FONT`, DejaVu Sans; measured in vl-convert's default face
  (``sans-serif``, a narrower one), legend labels overlapped and stream names ran
  off the chart's edge. So the renderer sets ``config.font`` of every
  specification to :data:`FONT`, replacing any font the specification names there.
- **No fetching.** Every chart carries its values inline; vl-convert is allowed no
  external address (``allowed_base_urls=[]``), so a specification naming a data
  URL is refused instead of making the server fetch it.
- **Drawn once per process.** A rendering takes a few hundred milliseconds and a
  closed round's figures do not change, so SVGs are kept in a least-recently-used
  cache of :data:`CACHE_SIZE` entries keyed by the specification's canonical JSON
  (sorted keys): two specifications equal in content share one entry, whichever
  app built them. :data:`renders` counts the renderings this process has made.
- **A clear error.** A specification vl-convert cannot draw, or one that is not
  JSON, raises :class:`ChartError` with the reason in one line (vl-convert's own
  message carries a JavaScript stack trace).

Building an Altair specification can cost as much as rendering it (the radar's
layers and Altair's schema validation take about 0.2 s). A builder whose
arguments are hashable can be wrapped in :func:`drawing`, which keeps the SVG per
argument tuple as well, so a repeated call builds nothing.

None of the charts carries its own title or description for screen readers:
each page puts the SVG in a ``<figure>`` with a ``<figcaption>`` in its template,
and Vega labels the axes, legends and marks inside the SVG (``aria-label``).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import vl_convert

#: The font every chart is measured and drawn in: the report's own (print.css).
FONT = "DejaVu Sans"
#: SVGs kept per process, across every app's charts. The five chart modules kept
#: 64 (radar, plane, ladder), 256 (indicators) and none (timeline) before they
#: shared this cache; 512 holds all of those at once. An SVG is 9–17 kB.
CACHE_SIZE = 512
#: Argument tuples kept by each :func:`drawing` (what each builder kept before).
DRAWINGS = 64

#: How many times this process has called vl-convert (cache misses that rendered).
renders = 0
_count = threading.Lock()


class ChartError(ValueError):
    """A chart specification that cannot be drawn; the message says why."""


def svg(spec: Mapping[str, Any]) -> str:
    """The SVG of a Vega-Lite specification, drawn in :data:`FONT`; the same
    specification is rendered once per process.

    Raises :class:`ChartError` when the specification is not JSON or vl-convert
    cannot draw it."""
    config = {**spec.get("config", {}), "font": FONT}
    try:
        key = json.dumps({**spec, "config": config}, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise ChartError(f"the chart's specification is not JSON: {error}") from error
    return _render(key)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _render(key: str) -> str:
    """Render one canonical specification (a miss of the cache above)."""
    global renders
    try:
        drawn: str = vl_convert.vegalite_to_svg(json.loads(key), allowed_base_urls=[])
    except ValueError as error:
        raise ChartError(f"the chart could not be drawn: {_reason(str(error))}") from error
    with _count:
        renders += 1
    return drawn


def _reason(message: str) -> str:
    """vl-convert's message without its heading and the JavaScript stack: the first
    line after "conversion failed:" that is not an ``at …`` frame."""
    lines = [line.strip() for line in message.splitlines()]
    useful = [line for line in lines[1:] if line and not line.startswith("at ")]
    return useful[0] if useful else lines[0]


def drawing(build: Callable[..., Mapping[str, Any] | None]) -> Callable[..., str]:
    """A drawing function made from a specification builder: called with the
    builder's (hashable) arguments, it returns the SVG of the specification built
    from them, or "" when the builder returns None (nothing to draw). Each argument
    tuple is built and drawn once per process (the last :data:`DRAWINGS` kept)."""

    @functools.lru_cache(maxsize=DRAWINGS)
    def draw(*args: Hashable) -> str:
        spec = build(*args)
        return "" if spec is None else svg(spec)

    functools.update_wrapper(draw, build)
    return draw
