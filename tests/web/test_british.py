"""British English presentation across the site: day-month-year dates in pages, the
administration and its pickers; titles, not ids, in pickers; refusal and error pages
in the site's own style."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

from joinedup.participation.models import Activity, Decision
from joinedup.registry.models import Membership
from joinedup.surveys.models import Round
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C
from tests.web.test_dates import AMERICAN

pytestmark = pytest.mark.django_db

ISO_IN_BRACKETS = re.compile(r"\(\d{4}-\d{2}-\d{2}")


def _pages(client: Client, urls: list[str]) -> dict[str, str]:
    out = {}
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        out[url] = answer.content.decode()
    return out


def test_pages_and_the_administration_write_dates_day_month_year(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    round_ = Round.objects.filter(partnership=a).order_by("-opens").first()
    membership = Membership.objects.filter(partnership=a).first()
    activity = Activity.objects.filter(partnership=a).first()
    assert round_
    assert membership
    assert activity
    urls = [
        "/",
        f"/partnerships/{a.pk}/",
        f"/organisations/{a.lead_id}/",
        f"/surveys/partnership/{a.pk}/",
        f"/surveys/rounds/{round_.pk}/",
        f"/reports/partnership/{a.pk}/",
        f"/participation/activities/{activity.pk}/",
        "/participation/calendar/",
        "/admin/registry/membership/",
        f"/admin/registry/membership/{membership.pk}/change/",
        "/admin/surveys/round/",
        f"/admin/surveys/round/{round_.pk}/change/",
        "/admin/participation/activity/",
        "/admin/participation/decision/",
    ]
    for url, page in _pages(personas.client("admin"), urls).items():
        assert not AMERICAN.search(page), (url, AMERICAN.search(page))
        assert not ISO_IN_BRACKETS.search(page), (url, ISO_IN_BRACKETS.search(page))


def test_names_of_records_use_british_dates(demo) -> None:
    membership = Membership.objects.exclude(left=None).select_related("organisation").first()
    assert membership is not None
    left = membership.left
    assert f"{left.day} {left:%B} {left.year})" in str(membership)
    decision = Decision.objects.first()
    assert decision is not None
    assert str(decision).startswith(f"{decision.taken_on.day} {decision.taken_on:%B}")


def test_the_admin_instrument_picker_shows_titles(personas, demo) -> None:
    page = personas.client("admin").get("/admin/surveys/round/add/").content.decode()
    assert "Partnership health check, version 2" in page
    assert ">health-check v2<" not in page


def test_not_found_and_not_allowed_pages_are_in_the_sites_style(personas, demo) -> None:
    board = demo[PARTNERSHIP_C]
    missing = personas.client("member_a").get(f"/partnerships/{board.pk}/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "We cannot find that page" in page
    assert 'class="brand"' in page
    again = personas.client("member_a").get("/partnerships/999999/").content.decode()
    assert again == page, "the same page for a hidden partnership and a missing one"

    a = demo[PARTNERSHIP_A]
    refused = personas.client("member_a").get(f"/surveys/partnership/{a.pk}/new/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Your role does not allow this" in page
    assert 'class="brand"' in page

    nowhere = Client().get("/no-such-page/")
    assert nowhere.status_code == 404
    assert "We cannot find that page" in nowhere.content.decode()


def test_the_server_error_page_needs_nothing_but_itself() -> None:
    answer = defaults.server_error(RequestFactory().get("/"))
    assert answer.status_code == 500
    page = answer.content.decode()
    assert "Something went wrong on our side" in page
    assert "joinedup.css" in page
