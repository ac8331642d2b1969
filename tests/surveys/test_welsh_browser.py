"""A respondent completes a bilingual round in Welsh on a phone (Debian's Chromium,
390 × 844): chooses Cymraeg on the first page, reads every question and answer in
Welsh, switches to English mid-way and back without losing a tick, submits, and
the answers score as any others do (issue 20)."""

from __future__ import annotations

import math
import os

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.surveys.conftest import make_round
from tests.web.test_crawl_browser import AXE, AXE_JS, AXE_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
SWITCH_ON_PAGE = 3
COMMENT = "Llai o gyfarfodydd, mwy o weithredu."
#: Answer boxes whose words run out of them (a long Welsh word in a narrow box).
SPILLING = """() => [...document.querySelectorAll('.survey-item .choices label')]
  .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.innerText)"""


@pytest.fixture
def bilingual(lsp):
    from joinedup.surveys.library import latest_version
    from joinedup.surveys.models import RoundLanguages
    from joinedup.surveys.rounds import Invitee, invite

    round_ = make_round(lsp, latest_version("health-check"))
    round_.languages = RoundLanguages.CY_EN
    round_.save(update_fields=["languages"])
    person = lsp.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=False).values()
    return round_, token


def _value(item, page_number: int) -> str:
    """The answer given to a scale item: the same on a page, different between pages."""
    return str(2 + page_number % 3) if item.scale == "agree5" else "2"


def _answer(page, instrument, items, number: int) -> None:
    for item in items:
        kind = item.type.value
        if kind == "scale":
            page.check(f"input[name={item.name}][value='{_value(item, number)}']")
        elif kind == "single":
            first = instrument.choices[item.choices][0].value
            page.check(f"input[name={item.name}][value='{first}']")
        elif kind == "multiple":
            for choice in instrument.choices[item.choices][:2]:
                page.check(f"input[name={item.name}][value='{choice.value}']")
        else:
            page.fill(f"textarea[name={item.name}]", COMMENT)


def _kept(page, items, number: int) -> bool:
    return all(
        page.locator(f"input[name={item.name}][value='{_value(item, number)}']").is_checked()
        for item in items
        if item.type.value == "scale"
    )


def _in_welsh(page, instrument, items) -> None:
    text = page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "cy"
    for item in items:
        assert instrument.text(item.label, "cy") in text, item.name
        assert instrument.text(item.label, "en") not in text, item.name
        if item.hint:
            assert instrument.text(item.hint, "cy") in text, item.name
        scale = instrument.scales.get(item.scale or "")
        if scale:
            for choice in scale.choices:
                assert choice.label["cy"] in text, (item.name, choice.value)
            if scale.dont_know:
                assert scale.dont_know["cy"] in text
    for item in instrument.items():  # no English question of any page
        assert instrument.text(item.label, "en") not in text


def test_a_round_answered_in_welsh_on_a_phone(live_server, bilingual):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.surveys.respond import pages

    round_, token = bilingual
    instrument = round_.instrument.instrument()
    laid_out = pages(instrument)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            context = browser.new_context(viewport=PHONE, locale="en-GB")
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            page.goto(f"{live_server.url}/surveys/s/{token}/")
            choose = page.locator(".survey-choose")
            assert choose.is_visible(), "a bilingual round asks for a language first"
            assert choose.locator("button").first.inner_text() == "Cymraeg", "Welsh first"
            page.screenshot(path=str(ARTIFACTS / "welsh-choose-390.png"), full_page=True)
            _accessible(page)
            choose.locator("button[value=cy]").click()
            for index, laid in enumerate(laid_out):
                number = index + 1
                assert page.locator("progress").get_attribute("value") == str(number)
                _in_welsh(page, instrument, laid.items)
                assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
                _answer(page, instrument, laid.items, number)
                if number == 1:
                    page.screenshot(path=str(ARTIFACTS / "welsh-page1-390.png"), full_page=True)
                    page.set_viewport_size({"width": 1366, "height": 900})
                    page.screenshot(path=str(ARTIFACTS / "welsh-page1-1366.png"))
                    assert page.evaluate(SPILLING) == [], "a Welsh answer runs out of its box"
                    page.set_viewport_size(PHONE)
                    _accessible(page)
                if number == SWITCH_ON_PAGE:
                    _switch_and_back(page, instrument, laid.items, number)
                page.locator("#survey-form button[name=next]").click()
            page.screenshot(path=str(ARTIFACTS / "welsh-review-390.png"), full_page=True)
            assert page.locator("html").get_attribute("lang") == "cy"
            page.locator("button[name=submit]").click()
            assert page.locator("html").get_attribute("lang") == "cy"
            page.screenshot(path=str(ARTIFACTS / "welsh-thanks-390.png"), full_page=True)
        finally:
            browser.close()
    _scores_normally(round_, instrument, laid_out)


def _accessible(page) -> None:
    """No serious or critical WCAG violation (axe-core, as the site crawl checks)."""
    found = [
        f"{v['id']}: {v['targets']}"
        for v in page.evaluate(AXE_JS, AXE_TAGS)
        if v["wcag"] and v["impact"] in ("serious", "critical")
    ]
    assert found == []


def _switch_and_back(page, instrument, items, number: int) -> None:
    """Switch to English before saving the page (the ticks are kept and the page
    stays), then back to Welsh."""
    page.locator("header button[name=lang][value=en]").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("progress").get_attribute("value") == str(number)
    english = page.locator("main").inner_text()
    assert all(instrument.text(i.label, "en") in english for i in items)
    assert _kept(page, items, number)
    page.screenshot(path=str(ARTIFACTS / "welsh-switched-en-390.png"), full_page=True)
    page.locator("header button[name=lang][value=cy]").click()
    assert page.locator("progress").get_attribute("value") == str(number)
    _in_welsh(page, instrument, items)
    assert _kept(page, items, number)


def _scores_normally(round_, instrument, laid_out) -> None:
    from joinedup.analysis.scoring import answer_table, dimension_matrix, respondent_scores
    from joinedup.surveys.extract import round_answers
    from joinedup.surveys.models import Answer, Response

    response = Response.objects.get(round=round_)
    assert response.submitted is not None
    assert response.language == "cy"
    assert Answer.objects.get(response=response, item="hc_comment").text == COMMENT
    table = answer_table(instrument, round_answers(round_.pk))
    given = {
        item.name: float(_value(item, index + 1))
        for index, laid in enumerate(laid_out)
        for item in laid.items
        if item.type.value == "scale"
    }
    for dim in instrument.dimensions:
        names = [i.name for i in dim.items if i.type.value == "scale"]
        (score,) = respondent_scores(dimension_matrix(table, names))
        expected = sum(given[n] for n in names) / len(names)
        assert math.isclose(score, expected), dim.name
