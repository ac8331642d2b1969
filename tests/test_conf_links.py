"""The link key and the links' base URL as the settings read them: a key generated
once into the home folder (owner-only) or given, checked at start-up; the base URL
from JOINEDUP_BASE_URL or the address ``serve``/``demo`` were started on."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet

from joinedup import conf
from joinedup.conf import ConfigError, load_or_create_link_keys, parse_base_url


def test_link_key_generated_once_into_home_readable_by_owner_only(tmp_path) -> None:
    (key,) = load_or_create_link_keys("JOINEDUP_LINK_KEY", None, tmp_path)
    path = tmp_path / "link_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == key
    assert load_or_create_link_keys("JOINEDUP_LINK_KEY", "", tmp_path) == [key]
    Fernet(key.encode())  # a usable Fernet key


def test_link_keys_given_and_checked(tmp_path) -> None:
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert load_or_create_link_keys("JOINEDUP_LINK_KEY", f" {new} , {old}", tmp_path) == [
        new,
        old,
    ]
    assert not (tmp_path / "link_key").exists()
    with pytest.raises(ConfigError, match=r"^JOINEDUP_LINK_KEY holds a key that is not"):
        load_or_create_link_keys("JOINEDUP_LINK_KEY", "too-short", tmp_path)
    (tmp_path / "link_key").write_text("not a key at all\n")
    with pytest.raises(ConfigError, match="link_key"):
        load_or_create_link_keys("JOINEDUP_LINK_KEY", None, tmp_path)


def test_base_url_parsed() -> None:
    default = "http://127.0.0.1:8000"
    assert parse_base_url("JOINEDUP_BASE_URL", None, default) == default
    assert parse_base_url("B", " https://x.example/ ", default) == "https://x.example"
    assert parse_base_url("B", "https://x.example/joinedup/", default) == (
        "https://x.example/joinedup"
    )
    for bad in ("x.example", "ftp://x.example", "https://", "https://x.example/?a=1"):
        with pytest.raises(ConfigError, match=r"^B="):
            parse_base_url("B", bad, default)


def test_served_address_names_this_machine_for_every_interface(monkeypatch) -> None:
    monkeypatch.setattr(conf, "served_at", None)
    conf.announce_served_at("127.0.0.1", 8102)
    assert conf.served_at == "http://127.0.0.1:8102"
    conf.announce_served_at("::1", 8103)
    assert conf.served_at == "http://[::1]:8103"
    conf.announce_served_at("0.0.0.0", 8104)  # noqa: S104 - an address, not a bind
    assert conf.served_at not in (None, "http://0.0.0.0:8104")
    assert conf.served_at.endswith(":8104")


def test_serve_and_demo_announce_their_address_before_django_starts() -> None:
    from joinedup.cli import build_parser
    from joinedup.commands.serve import announce_address

    for argv in (["serve", "--port", "8102"], ["demo", "--no-serve", "--port", "8102"]):
        assert build_parser().parse_args(argv).before_django is announce_address
