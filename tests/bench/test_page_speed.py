"""The page benchmark's machinery (not timed): it crawls what each persona can
reach from the landing page, never a download or a link that changes something,
and times every page it found, with and without the kept sections."""

from __future__ import annotations

import pytest
from bench.page_speed import PERSONAS, crawl, links, pattern_key, percentile, run


def test_links_stay_on_the_site_and_off_downloads_and_changes() -> None:
    page = (
        '<a href="/partnerships/1/">p</a><a href="https://example.org/">x</a>'
        '<a href="/accounts/logout/">out</a><a href="/networks/1/download/csv/">d</a>'
        '<a href="/reports/partnership/1/pdf/">pdf</a><a href="/admin/">a</a>'
        '<a href="rounds/2/">relative</a><a href="/x.csv">c</a><a download href="/y/">y</a>'
    )
    assert links(page, "/surveys/") == ["/partnerships/1/", "/surveys/rounds/2/"]


def test_a_pattern_stands_once_except_a_partnership_s_pages() -> None:
    assert pattern_key("/organisations/1/") == pattern_key("/organisations/2/")
    assert pattern_key("/partnerships/1/") != pattern_key("/partnerships/2/")
    assert pattern_key("/no/such/page/") is None
    assert percentile([0.1, 0.2, 0.3, 0.4], 95) == 0.4
    assert percentile([0.1, 0.2, 0.3, 0.4], 50) == 0.2


@pytest.mark.django_db
def test_every_persona_is_crawled_and_timed(demo) -> None:
    pages = run(PERSONAS, repeat=1, max_pages=4, compare=True)
    by_persona = {p.persona for p in pages}
    assert by_persona == set(PERSONAS)
    assert all(len(p.wall) == len(p.cold_wall) == 1 and p.queries >= 0 for p in pages)
    member = [p.url for p in pages if p.persona == "member"]
    assert member[0] == "/"
    assert any(u.startswith("/partnerships/") for u in member)
    anonymous = [p.url for p in pages if p.persona == "anonymous"]
    assert not any(u.startswith("/partnerships/") for u in anonymous)


@pytest.mark.django_db
def test_the_crawl_reaches_every_partnership_for_an_evaluator(demo) -> None:
    from bench.page_speed import clients

    found = crawl(clients()["evaluator"], "evaluator")
    pages = {p.url for p in found}
    assert {f"/partnerships/{p.pk}/" for p in demo.values()} <= pages
