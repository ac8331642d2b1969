"""Dates read as they do in the United Kingdom ("1 April 2016"), not as Django's
American English default writes them ("April 1, 2016", "Nov. 1, 2026")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import formats, translation

from tests.conftest import PARTNERSHIP_A

pytestmark = pytest.mark.django_db

AMERICAN = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) \d{1,2}, \d{4}"
)


def test_english_dates_are_day_month_year() -> None:
    with translation.override("en"):
        assert formats.date_format(dt.date(2016, 4, 1)) == "1 April 2016"
        assert formats.date_format(dt.date(2026, 11, 1), "SHORT_DATE_FORMAT") == "01/11/2026"


def test_the_partnership_page_writes_british_dates(personas, demo) -> None:
    partnership = demo[PARTNERSHIP_A]
    page = personas.client("member_a").get(f"/partnerships/{partnership.pk}/").content.decode()
    start = partnership.start_date
    assert f"{start.day} {start:%B} {start.year}" in page
    assert not AMERICAN.search(page), AMERICAN.search(page)
