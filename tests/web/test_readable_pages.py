"""What the browser crawl (test_crawl_browser.py) found, pinned down without a browser:
no internal key in a reading, in a method page or in a form's choices; shaded table
cells that keep their text readable; no 404 for the icon browsers ask for."""

from __future__ import annotations

import re

import pytest

from joinedup.analysis.frameworks import depth, modes
from joinedup.reports.charts import INK, MIN_CONTRAST, contrast, shade

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


@pytest.mark.parametrize("value", [1 + step / 4 for step in range(17)])
def test_every_shade_keeps_the_ink_readable(value: float) -> None:
    colour = shade(value, 1, 5)
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    assert contrast(rgb, INK) >= MIN_CONTRAST, (value, colour)


def test_shades_still_tell_low_from_high_and_deep_from_light() -> None:
    assert shade(1, 1, 5) != shade(5, 1, 5)
    assert shade(3, 1, 5) == "#ffffff"
    assert shade(2.5, 1, 5) != shade(1, 1, 5)


def test_contrast_follows_wcag() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_the_mix_names_missing_signals_in_words() -> None:
    text = modes.explain(modes.compute(modes.MixSignals(basis="voluntary", trust=4.0)))
    assert "Not known:" in text
    assert "contracts between partners" in text
    assert not SNAKE.search(text), text


def test_depth_readings_name_their_source_in_words() -> None:
    result = depth.compute([], [], k=5)
    text = depth.explain(result)
    assert not SNAKE.search(text), text
    assert "net_depth" not in text


def test_method_pages_show_no_code_paths(client, admin_user) -> None:
    from joinedup.analysis.frameworks import REGISTRY

    client.force_login(admin_user)
    for name in REGISTRY:
        page = client.get(f"/diagnoses/methods/{name}/").content.decode()
        body = page[page.index("<main") :]
        assert "joinedup." not in body, name
        assert ":mod:" not in body, name
        assert ":func:" not in body, name
        assert "``" not in body, name
    dynamics = client.get("/diagnoses/methods/dynamics/").content.decode()
    assert 'href="/diagnoses/methods/drift/"' in dynamics  # a reference became a link
    assert "the small-group rule" in dynamics


def test_time_zones_read_without_underscores() -> None:
    from joinedup.registry.models import time_zone_choices

    choices = dict(time_zone_choices())
    assert choices["America/New_York"] == "America/New York"
    assert all("_" not in label for label in choices.values())


def test_the_icon_request_is_answered_without_an_error(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 204


def test_the_administration_names_the_two_factor_apps(admin_client) -> None:
    page = admin_client.get("/admin/").content.decode()
    assert "Otp_Totp" not in page
    assert "Otp_Static" not in page
    assert "Two-factor: authenticator apps" in page
