"""Every page of the demo, as each persona reaches it, read at phone and desktop width.

Starting from the landing page, the crawl follows the same-site links each persona
(administrator, coordinator, member, evaluator, and nobody signed in; plus a survey
respondent's link for the anonymous visitor) can see, and the forms that only ask
for a page (method GET) with their default values, and opens ONE page per URL
pattern and set of query names (the route Django resolves the path to), so the
crawl stays bounded
however many partnerships, rounds or organisations the demo holds. Downloads
(CSV, PDF, workbooks, Parquet, JSON, the API), sign-out and the administration
pages past its index are not followed.

Each page is read at 1366 px and 390 px wide (and at 360 px for the main content
pages), and every problem found is collected into one report naming the page, the
width, the persona and the problem:

- the page scrolls sideways (``scrollWidth`` wider than the window): a wide table
  or picture must scroll inside its own box, never the page;
- axe-core (vendored in ``tests/vendor/axe-core``, injected as a DevTools init script
  so the site's content security policy stays as it is) finds a serious or critical
  violation of WCAG 2.0, 2.1 or 2.2, levels A and AA;
- a control of a main page that does not show the keyboard's focus;
- a console error or an uncaught page error;
- an internal identifier in the text a person reads (``snake_case`` keys such as
  ``contracts_between_partners``, dotted Python paths, repository file names).
  Text inside ``<code>``, ``<pre>``, ``<kbd>`` and ``<samp>`` is meant to be typed
  or copied (file columns, commands) and is not read for identifiers; the
  personas' user names are people's own words.

The pages and the time each took go to ``test-artifacts/crawl.txt``.

SQLite only: the pages do not depend on the database engine, and CI's time is
better spent elsewhere than crawling the same pages twice.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PERSONAS = ("admin", "coordinator_a", "member_a", "evaluator", "anonymous")
WIDTHS = (1366, 390)
NARROW = 360
#: Pages people read most, checked at 360 px as well (by URL name).
MAIN_PAGES = {
    "web:home",
    "web:partnership",
    "web:organisation",
    "web:dashboard",
    "reports:partnership",
    "reports:benchmark",
    "surveys:rounds",
    "surveys:round",
    "surveys:respond",
    "participation:calendar",
    "participation:activity",
}
#: Pages photographed at each width for a person to look at (test-artifacts/crawl-*.png).
SHOTS = {
    ("member_a", "web:partnership"),
    ("coordinator_a", "surveys:round"),
    ("evaluator", "reports:benchmark"),
    ("anonymous", "surveys:respond"),
}
#: Links that download a file or change something: never followed.
SKIP_NAMES = {
    "logout",
    "reports:partnership_pdf",
    "reports:benchmark_download",
    "reports:benchmark_changes",
    "reports:benchmark_networks",
    "reports:benchmark_interlocks",
    "networks:download",
    "networks:pairs",
    "surveys:reminders",
    "surveys:links_csv",
    "surveys:round_words_csv",
    "reports:responses_national",
    "reports:responses_partnership",
}
SKIP_SUFFIXES = (".csv", ".pdf", ".xlsx", ".parquet", ".json", ".zip", ".graphml", ".svg", ".png")
#: snake_case keys, dotted Python paths and repository file names.
IDENTIFIER = re.compile(
    r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b"
    r"|\b(?:joinedup|django)(?:\.[a-z_]+)+"
    r"|\b(?:docs|src|tests|bench)/[\w./-]+"
    r"|\b[\w-]+\.py\b"
)

#: Words that look like identifiers and are meant for the reader: the setting a
#: coordinator's round page tells whoever started the server to change when survey
#: links point at an address respondents cannot reach (tests/surveys/test_links.py).
SETTINGS_NAMED = {"JOINEDUP_BASE_URL"}
#: Column headings and values a user writes in their own files, named where the file
#: is described (the keep-in-step, decision-rights and actions upload pages): the
#: file's language, not a leaked key.
FILE_COLUMNS = {"external_id", "sign_off", "progress_date"}

# Visible text, and the names a screen reader reads, outside code-like elements.
TEXT_JS = """() => {
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "CODE", "PRE", "KBD", "SAMP"]);
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let el = node.parentElement, hidden = false;
    for (; el; el = el.parentElement) { if (skip.has(el.tagName)) { hidden = true; break; } }
    if (!hidden && node.textContent.trim()) out.push(node.textContent.trim());
  }
  for (const el of document.body.querySelectorAll("[alt], [title], [aria-label], [placeholder]")) {
    for (const a of ["alt", "title", "aria-label", "placeholder"]) {
      if (el.hasAttribute(a)) out.push(el.getAttribute(a));
    }
  }
  return out.join("\\n");
}"""

# The elements that stick out of the window on the right: the outermost ones only.
OVERFLOW_JS = """() => {
  const limit = window.innerWidth + 1;
  if (document.documentElement.scrollWidth <= limit) return null;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > limit && box.width > 0 && !wide.some((w) => w.contains(el)) && !clipped(el)) {
      wide.push(el);
    }
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].join(".") : "");
  return { width: document.documentElement.scrollWidth,
           culprits: wide.slice(0, 4).map((el) =>
             name(el) + " (" + Math.round(el.getBoundingClientRect().width) + " px)") };
}"""

# Every violation of the WCAG rules and of axe's best practices; the test fails on
# the serious and critical WCAG ones and lists the rest in crawl.txt as notes.
AXE_JS = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags.concat(["best-practice"]) },
    resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    wcag: v.tags.some((t) => tags.includes(t)),
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")), count: v.nodes.length }));
}"""

# Every control that takes the keyboard's focus shows it: an outline of 2 px or more,
# or a ring (box-shadow). Programmatic focus matches :focus as Tab does.
FOCUS_JS = """() => {
  const missing = [];
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']");
  for (const el of controls) {
    if (!el.getClientRects().length || el.closest("[hidden], [inert]")) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    if (!outline && style.boxShadow === "none") {
      missing.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") +
                   " “" + (el.textContent || el.value || "").trim().slice(0, 30) + "”");
    }
  }
  document.activeElement && document.activeElement.blur();
  return missing;
}"""

FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

# Links, and forms that only ask for a page (method GET, such as the benchmark's
# choice of partnership) as their default values would send them, a select left
# empty taking its first real choice (a partnership to highlight, say).
LINKS_JS = """() => [
  ...[...document.querySelectorAll("a[href]")]
    .filter((a) => !a.hasAttribute("download")).map((a) => a.href),
  ...[...document.querySelectorAll("form")]
    .filter((f) => (f.getAttribute("method") || "get").toLowerCase() === "get")
    .map((f) => { const url = new URL(f.action, location.href);
                  const data = new FormData(f);
                  for (const select of f.querySelectorAll("select[name]")) {
                    const first = [...select.options].find((o) => o.value);
                    if (!select.value && first) data.set(select.name, first.value);
                  }
                  url.search = new URLSearchParams(data).toString();
                  return url.href; }),
]"""


@dataclass
class Crawl:
    base: str
    allowed_words: set[str]
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)

    def problem(self, persona: str, url: str, width: int | str, text: str) -> None:
        path = url.removeprefix(self.base)
        self.problems.append(f"{persona:<13} {width!s:>5}  {path}\n    {text}")


def _route(path: str) -> tuple[str, str] | None:
    """(pattern, URL name) of a path on this site, or None if Django has no view for it."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route, match.view_name


def _follow(crawl: Crawl, href: str) -> str | None:
    """The link's address without its fragment, if the crawl should open it."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != crawl.base:
        return None
    path = parts.path
    if path.startswith("/api/") or (path.startswith("/admin/") and path != "/admin/"):
        return None
    if path.lower().endswith(SKIP_SUFFIXES):
        return None
    route = _route(path)
    if route is None or route[1] in SKIP_NAMES:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _check_keyboard_scroll(page, crawl: Crawl, persona: str, url: str, width: int) -> None:
    """A table wider than the screen scrolls by keyboard: Tab reaches its box (a
    keyboard stop with a name), and the right arrow moves it."""
    boxes = page.locator(".table-scroll[tabindex='0']").locator("visible=true")
    if boxes.count() == 0:
        return
    box = boxes.first
    box.focus()
    named = box.evaluate("(el) => document.activeElement === el && !!el.getAttribute('aria-label')")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # Arrow keys scroll smoothly: give the box a moment to move.
    moved = box.evaluate(
        """(el) => new Promise((done) => {
             const start = performance.now();
             const look = () => el.scrollLeft > 0 ? done(true)
               : performance.now() - start > 3000 ? done(false) : requestAnimationFrame(look);
             look(); })"""
    )
    if not (named and moved):
        crawl.problem(persona, url, width, "a wide table's box does not scroll by keyboard")
    box.evaluate("(el) => { el.scrollLeft = 0; el.blur(); }")


def _check_width(
    page, crawl: Crawl, persona: str, url: str, name: str, width: int, axe: bool
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(FRAMES_JS)  # the page's resize handlers have run
    wide = page.evaluate(OVERFLOW_JS)
    if wide:
        crawl.problem(
            persona,
            url,
            width,
            f"page is {wide['width']} px wide: " + ", ".join(wide["culprits"]),
        )
    if width < WIDTHS[0] and name in MAIN_PAGES:
        _check_keyboard_scroll(page, crawl, persona, url, width)
    if (persona, name) in SHOTS:
        shot = f"crawl-{persona}-{name.replace(':', '-')}-{width}.png"
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    if not axe:
        return
    for v in page.evaluate(AXE_JS, AXE_TAGS):
        text = f"axe {v['impact']} {v['id']} ({v['help']}) ×{v['count']}: " + "; ".join(
            v["targets"]
        )
        if v["wcag"] and v["impact"] in ("serious", "critical"):
            crawl.problem(persona, url, width, text)
        else:
            crawl.notes.add(f"{persona:<13} {width:>5}  {url.removeprefix(crawl.base)}  {text}")


def _visit(page, crawl: Crawl, persona: str, url: str, name: str, errors: list[str]) -> list[str]:
    """Open one page, run every check at every width, return its links."""
    started = time.perf_counter()
    errors.clear()
    try:
        response = page.goto(url)
    except Exception as error:  # Playwright's Error
        if "Download is starting" in str(error):
            return []  # a download without a known name or suffix: not a page
        raise
    page.wait_for_load_state("load")
    loaded = time.perf_counter() - started
    status = response.status if response is not None else 0
    if status >= 400:
        crawl.problem(persona, url, "-", f"a link leads to HTTP {status}")
        return []
    text = page.evaluate(TEXT_JS)
    found = sorted({m for m in IDENTIFIER.findall(text) if m not in crawl.allowed_words})
    if found:
        crawl.problem(persona, url, "-", "internal identifiers in the text: " + ", ".join(found))
    links = page.evaluate(LINKS_JS)
    if name in MAIN_PAGES:
        unseen = page.evaluate(FOCUS_JS)
        if unseen:
            crawl.problem(persona, url, "-", "focus not visible on: " + "; ".join(unseen[:5]))
    for width in WIDTHS:
        _check_width(page, crawl, persona, url, name, width, axe=True)
    if name in MAIN_PAGES:
        _check_width(page, crawl, persona, url, name, NARROW, axe=False)
    for message in errors:
        crawl.problem(persona, url, "-", f"console: {message}")
    total = time.perf_counter() - started
    path = url.removeprefix(crawl.base)
    crawl.log.append(f"{persona:<13} {loaded:6.2f} s load {total:6.2f} s all  {name:<28} {path}")
    return links


def _crawl(browser, crawl: Crawl, persona: str, cookie: str | None, seeds: list[str]) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    context.set_default_timeout(120_000)
    context.add_init_script(path=str(AXE))
    if cookie:
        from django.conf import settings

        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": crawl.base}]
        )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught {e}"))
    seen: set[tuple[str, str]] = set()
    queue = deque(crawl.base + s for s in seeds)
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        route = _route(parts.path)
        # One page per pattern and set of query names: the benchmark with a chosen
        # partnership is another page than the bare benchmark, page 2 of a list is not.
        names = ",".join(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair}))
        if route is None or (route[0], names) in seen:
            continue
        seen.add((route[0], names))
        for href in _visit(page, crawl, persona, url, route[1], errors):
            follow = _follow(crawl, href)
            if follow is not None:
                queue.append(crawl.base + follow)
    crawl.pages[persona] = len(seen)
    context.close()


@pytest.fixture
def sqlite_only() -> None:
    """Skip before the demo is loaded when the tests run on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the pages do not depend on the engine: crawled on SQLite only")


@pytest.fixture
def respondent_link(personas, demo) -> str:
    """A survey link of an open round of partnership A, as an invited person gets it."""
    from joinedup.surveys.library import latest_version
    from joinedup.surveys.rounds import Invitee, invite
    from tests.surveys.conftest import make_round

    lsp = demo[PARTNERSHIP_A]
    round_ = make_round(lsp, latest_version("health-check"))
    person = next(p for m in lsp.memberships.all() for p in m.organisation.people.all())
    token = next(iter(invite(round_, [Invitee(person, "officer")], send=False).values()))
    return f"/surveys/s/{token}/"


def test_every_page_fits_reads_and_passes_axe(
    sqlite_only, live_server, personas, respondent_link
) -> None:
    from django.conf import settings

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    crawl = Crawl(live_server.url, allowed_words=set(PERSONAS) | SETTINGS_NAMED | FILE_COLUMNS)
    started = time.perf_counter()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for persona in PERSONAS:
                if persona == "anonymous":
                    _crawl(browser, crawl, persona, None, ["/", respondent_link])
                else:
                    cookie = personas.client(persona).cookies[settings.SESSION_COOKIE_NAME].value
                    _crawl(browser, crawl, persona, cookie, ["/"])
        finally:
            browser.close()
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{who} {n}" for who, n in crawl.pages.items())
    (ARTIFACTS / "crawl.txt").write_text(
        f"pages per persona: {summary}; {elapsed:.1f} s in all\n"
        + "\n".join(crawl.log)
        + "\n\nproblems:\n"
        + "\n".join(crawl.problems)
        + "\n\nnotes (axe best practices, and WCAG findings below serious):\n"
        + "\n".join(sorted(crawl.notes))
        + "\n",
        encoding="utf-8",
    )
    assert not crawl.problems, f"{len(crawl.problems)} problems:\n" + "\n".join(crawl.problems)
