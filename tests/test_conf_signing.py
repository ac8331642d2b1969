"""The signing key of benchmark packets as the settings read it: generated once
into the home folder (owner-only) or given, and checked at start-up."""

from __future__ import annotations

import base64
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from joinedup.conf import ConfigError, load_or_create_signing_key

NAME = "JOINEDUP_SIGNING_KEY"


def test_signing_key_generated_once_into_home_readable_by_owner_only(tmp_path) -> None:
    key = load_or_create_signing_key(NAME, None, tmp_path)
    path = tmp_path / "signing_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert base64.b64decode(path.read_text().strip()) == key
    assert load_or_create_signing_key(NAME, "  ", tmp_path) == key
    Ed25519PrivateKey.from_private_bytes(key).sign(b"usable")


def test_signing_key_given_and_checked(tmp_path) -> None:
    given = bytes(range(32))
    assert load_or_create_signing_key(NAME, base64.b64encode(given).decode(), tmp_path) == given
    assert not (tmp_path / "signing_key").exists()
    with pytest.raises(ConfigError, match=r"^JOINEDUP_SIGNING_KEY is not an Ed25519"):
        load_or_create_signing_key(NAME, "c2hvcnQ=", tmp_path)
    (tmp_path / "signing_key").write_text("not a key\n")
    with pytest.raises(ConfigError, match="signing_key"):
        load_or_create_signing_key(NAME, None, tmp_path)
