"""The web pages of the foundation: home, partnership and organisation pages."""

from __future__ import annotations


def test_home_invites_sign_in(client, db) -> None:
    page = client.get("/").content.decode()
    assert "Sign in" in page
    assert "Kestermouth" not in page


def test_partnership_pages_need_sign_in(client, demo) -> None:
    pk = next(iter(demo.values())).pk
    response = client.get(f"/partnerships/{pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_user_sees_partnerships_and_members(admin_client, demo) -> None:
    home = admin_client.get("/").content.decode()
    for name in demo:
        assert name in home
    csp = demo["Kestermouth Community Safety Partnership"]
    page = admin_client.get(f"/partnerships/{csp.pk}/").content.decode()
    assert "Eastgate Neighbourhood Watch" in page
    assert "Statutory duty" in page


def test_health_endpoint(client, db) -> None:
    assert client.get("/api/health").json()["status"] == "ok"


def test_static_css_is_served(client, db) -> None:
    response = client.get("/static/joinedup/joinedup.css")
    assert response.status_code == 200
