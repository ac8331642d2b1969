"""The partnership overview (issue 19): a card per section linking to the section's
own page, a linked contents list in the report, plain words where data is too thin
to read, and no internal identifier in any page of a demo partnership."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils.html import escape

from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.web import sections
from tests.conftest import PARTNERSHIP_A
from tests.site.text import identifiers, parse, visible_text

CARD = re.compile(
    r'<li class="overview-card status-(\w+)">\s*<h3><a href="(/partnerships/\d+/section/[\w-]+/)">'
    r"(.*?)</a></h3>",
    re.S,
)


def _cards(html: str) -> list[tuple[str, str, str]]:
    return CARD.findall(html)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "member_a", "evaluator"])
def test_a_card_per_section_each_linking_to_its_own_page(personas, demo, persona) -> None:
    client = personas.client(persona)
    for partnership in demo.values():
        page = client.get(f"/partnerships/{partnership.pk}/")
        if page.status_code == 404:  # the member sees partnerships A and B only
            continue
        html = page.content.decode()
        cards = _cards(html)
        viewer = Viewer.of(getattr(personas, persona))
        expected = [escape(r.title) for r in sections.for_partnership(viewer, partnership)]
        assert [title for _, _, title in cards] == expected, partnership.name
        assert len(cards) >= 5
        for status, url, title in cards:
            assert status in {"good", "watch", "alert", "none", "info"}
            section = client.get(url)
            assert section.status_code == 200, url
            body = section.content.decode()
            # The section is there in full, opening with its plain words.
            assert f">{title}</h2>" in body, url
            assert 'class="plain-words"' in body, url
        # Every card has a headline in words.
        text = visible_text(html)
        assert "At a glance" in text


@pytest.mark.django_db
def test_section_page_of_an_unknown_section_or_partnership_is_404(personas, demo) -> None:
    a, client = demo[PARTNERSHIP_A], personas.client("member_a")
    assert client.get(f"/partnerships/{a.pk}/section/no-such/").status_code == 404
    outsider = personas.client("outsider")
    assert outsider.get(f"/partnerships/{a.pk}/section/scores/").status_code == 404


@pytest.mark.django_db
def test_report_contents_link_to_anchors_that_exist(personas, demo) -> None:
    for partnership in demo.values():
        html = personas.client("admin").get(f"/reports/partnership/{partnership.pk}/")
        page = parse(html.content.decode())
        toc = re.search(r'<ol class="toc">(.*?)</ol>', html.content.decode(), re.S)
        assert toc is not None
        anchors = re.findall(r'href="#([^"]+)"', toc.group(1))
        assert len(anchors) >= 7  # six sections, members, methods
        for anchor in anchors:
            assert anchor in page.ids, anchor


def _empty(demo) -> Partnership:
    return Partnership.objects.create(
        name="Brand New Partnership",
        purpose="Just agreed to work together.",
        basis="voluntary",
        start_date=dt.date(2026, 11, 1),
    )


@pytest.mark.django_db
def test_an_empty_partnership_is_not_placed(personas, demo) -> None:
    """No confident label on no data: the basis alone (voluntary) once read
    'network 100% — closer to a network than to market or hierarchy'."""
    empty = _empty(demo)
    admin = personas.client("admin")
    overview = visible_text(admin.get(f"/partnerships/{empty.pk}/").content.decode())
    assert "Not enough answers yet to place the partnership." in overview
    assert "Not enough data yet" in overview
    page = admin.get(f"/partnerships/{empty.pk}/section/diagnoses/").content.decode()
    report = admin.get(f"/reports/partnership/{empty.pk}/").content.decode()
    for html in (page, report):
        text = visible_text(html)
        assert "Not enough is known yet to place the partnership" in text
        assert "Not enough answers yet to say how deep the joint working goes" in text
        assert "closer to a network than" not in text
        assert "100%" not in text
        assert not identifiers(html), identifiers(html)


@pytest.mark.django_db
def test_no_internal_identifier_in_any_partnership_page(personas, demo) -> None:
    admin = personas.client("admin")
    for partnership in demo.values():
        urls = [f"/partnerships/{partnership.pk}/", f"/reports/partnership/{partnership.pk}/"]
        html = admin.get(urls[0]).content.decode()
        urls += [url for _, url, _ in _cards(html)]
        for url in urls:
            found = identifiers(admin.get(url).content.decode())
            assert not found, (url, sorted(set(found)))


@pytest.mark.django_db
def test_agreement_and_group_differences_are_named_apart(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    html = personas.client("member_a").get(f"/partnerships/{a.pk}/section/scores/")
    text = visible_text(html.content.decode())
    assert "consensus" not in text
    assert "Agreement among members" in text
    assert "Differences between stakeholder groups" in text
    # Every term has its one line where it is used, visible without hovering.
    for meaning in ("agreement among members on a theme", "Near 0 or negative", "Kruskal–Wallis"):
        assert meaning in text
    # The demo has negative alphas (partnership dynamics); each says what it means.
    assert "(the questions pull apart)" in text


def test_glossary_tags_print_the_meaning() -> None:
    from django.template import Context, Template

    html = Template('{% load joinedup_words %}{% term "rwg" %}{% glossary "alpha" %}').render(
        Context()
    )
    assert '<dfn class="term">rwg(J)</dfn>' in html
    assert "from 0.70 members broadly agree" in html
    assert '<dl class="glossary"' in html
    assert "negative" in html
