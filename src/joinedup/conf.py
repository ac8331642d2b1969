"""Typed parsers for joinedup's configuration.

These functions take plain strings and return plain values; they never read the
environment themselves. ``joinedup.settings`` is the only module that reads
``os.environ`` and hands the values to these parsers, so that a bad value fails
once, at start-up, with a one-line message naming the variable.
"""

from __future__ import annotations

import base64
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(Exception):
    """A setting has a value joinedup cannot use. The message names the variable."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    """Read a yes/no setting; anything other than the usual words is an error."""
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")


def parse_int(name: str, raw: str | None, default: int, *, minimum: int | None = None) -> int:
    """Read a whole-number setting, with an optional lower bound."""
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is below the smallest allowed value, {minimum}")
    return value


def parse_list(raw: str | None, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


@dataclass(frozen=True)
class DatabaseConfig:
    """What Django needs to know to open the database."""

    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"

    def as_django(self, test_name: str = "") -> dict[str, Any]:
        """The ``DATABASES['default']`` dictionary for this configuration."""
        if self.is_sqlite:
            return {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": self.name,
                "OPTIONS": {
                    # WAL lets readers go on while one writer writes; a busy timeout makes
                    # writers wait for each other instead of failing at once; IMMEDIATE
                    # takes the write lock at BEGIN so that two transactions never
                    # deadlock by upgrading read locks. secure_delete overwrites what a
                    # change removes, so an anonymous round's cut link to the invitation
                    # does not linger in the file's free space (nor in backups of it).
                    "init_command": (
                        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                        "PRAGMA secure_delete=ON;"
                    ),
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                },
                # Each server thread keeps its connection for a minute instead of
                # opening the file and running the pragmas again for every request.
                "CONN_MAX_AGE": 60,
                "TEST": {"NAME": str(Path(self.name).with_suffix("")) + "-test.sqlite3"},
            }
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "OPTIONS": dict(self.options),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": test_name or f"test_{self.name}"},
        }


DATABASE_HELP = "use sqlite:///PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"


def parse_database_url(name: str, raw: str | None, home: Path) -> DatabaseConfig:
    """Turn ``JOINEDUP_DATABASE_URL`` into a :class:`DatabaseConfig`.

    Accepted forms: ``sqlite:///relative/path.sqlite3``, ``sqlite:////absolute/path``,
    ``postgresql://user:password@host:port/database?sslmode=require`` (``postgres://``
    is accepted too). Without a value, an embedded SQLite file ``joinedup.sqlite3``
    in ``home`` is used.
    """
    if raw is None or raw.strip() == "":
        return DatabaseConfig(engine="sqlite", name=str(home / "joinedup.sqlite3"))
    text = raw.strip()
    if "://" not in text:
        raise ConfigError(f"{name}={raw!r} is not a database URL ({DATABASE_HELP})")
    scheme = text.split("://", 1)[0].lower()
    if scheme == "sqlite":
        path_text = text.split("://", 1)[1]
        if not path_text.startswith("/") or path_text == "/":
            raise ConfigError(f"{name}={raw!r} has no file path ({DATABASE_HELP})")
        path = Path(unquote(path_text[1:]))
        if not path.is_absolute():
            path = home / path
        if not path.parent.exists():
            raise ConfigError(f"{name}={raw!r}: the folder {path.parent} does not exist")
        return DatabaseConfig(engine="sqlite", name=str(path))
    if scheme in {"postgresql", "postgres", "pgsql"}:
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError as exc:
            raise ConfigError(f"{name}={raw!r} is not a valid URL: {exc}") from None
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ConfigError(f"{name}={raw!r} names no database ({DATABASE_HELP})")
        return DatabaseConfig(
            engine="postgresql",
            name=database,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=str(port) if port else "",
            options=tuple(parse_qsl(parts.query)),
        )
    raise ConfigError(f"{name}={raw!r} uses the unsupported scheme {scheme!r} ({DATABASE_HELP})")


def open_private(path: Path) -> BinaryIO:
    """Open ``path`` for writing, created readable and writable by its owner only.

    The mode is given when the file is created, so there is no moment at which
    another account could read it (a ``chmod`` after writing leaves one)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_CREAT
    return os.fdopen(fd, "wb")


def create_private(path: Path) -> None:
    """Create ``path`` empty and private (0600) unless it exists: SQLite then keeps
    the file's mode and gives its write-ahead log and index the same one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise ConfigError(f"cannot create the database file {path}: {exc.strerror}") from None
    os.close(fd)


def load_or_create_secret(name: str, raw: str | None, home: Path) -> str:
    """Return the secret key from the environment, or from ``home/secret_key``.

    On first run without a key, a new one is generated and stored in that file,
    readable by its owner only, so that sessions survive restarts.
    """
    if raw is not None and raw.strip():
        if len(raw.strip()) < 32:
            raise ConfigError(f"{name} is too short: use at least 32 characters")
        return raw.strip()
    path = home / "secret_key"
    if path.exists():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    key = secrets.token_urlsafe(50)
    try:
        with open_private(path) as handle:
            handle.write((key + "\n").encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{name} is not set and {path} cannot be written: {exc}") from None
    return key


def parse_home(name: str, raw: str | None, cwd: Path) -> Path:
    """The folder joinedup keeps its files in: ``JOINEDUP_HOME`` or the working folder."""
    if raw is None or raw.strip() == "":
        return cwd
    path = Path(raw.strip()).expanduser()
    if not path.is_absolute():
        path = cwd / path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{name}={raw!r} cannot be used as a folder: {exc}") from None
    return path


EMAIL_HELP = (
    "use smtp://USER:PASSWORD@HOST:587 (STARTTLS), smtps://USER:PASSWORD@HOST:465 "
    "(TLS from the start), console: or file:///FOLDER"
)
CONSOLE_BACKEND = "joinedup.web.logmask.ConsoleEmailBackend"


@dataclass(frozen=True)
class EmailConfig:
    """Where joinedup's e-mail goes: Django's backend and its settings."""

    backend: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    starttls: bool = False
    implicit_tls: bool = False
    folder: str = ""
    timeout: int = 30

    def describe(self) -> str:
        """The configuration in one line, without the password."""
        if self.host:
            scheme = "smtps" if self.implicit_tls else "smtp"
            who = f"{self.user}@" if self.user else ""
            how = "TLS" if self.implicit_tls else ("STARTTLS" if self.starttls else "no TLS")
            return f"{scheme}://{who}{self.host}:{self.port} ({how})"
        if self.folder:
            return f"file://{self.folder}"
        if self.backend == CONSOLE_BACKEND:
            return "console: (messages are printed, links masked, nothing is delivered)"
        return self.backend


def parse_email_url(name: str, raw: str | None) -> EmailConfig:
    """Turn ``JOINEDUP_EMAIL_URL`` into an :class:`EmailConfig`.

    - ``smtp://USER:PASSWORD@HOST[:PORT]``: an SMTP server, upgraded with STARTTLS
      (port 587 unless given); ``?starttls=no`` speaks plain SMTP, for a relay on
      the same machine only.
    - ``smtps://USER:PASSWORD@HOST[:PORT]``: TLS from the first byte (port 465).
    - ``console:``: print each message with its survey links masked (the default).
    - ``file:///FOLDER``: write each message to a file in FOLDER (must exist).

    The user name and password may be percent-encoded (``p%40ss`` for ``p@ss``).
    """
    if raw is None or raw.strip() in {"", "console:", "console://"}:
        return EmailConfig(backend=CONSOLE_BACKEND)
    text = raw.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    shown = _without_password(text)
    if scheme == "file":
        parts = urlsplit(text)
        folder = unquote(parts.path)
        if parts.netloc not in {"", "localhost"} or not folder.startswith("/") or folder == "/":
            raise ConfigError(f"{name}={shown!r} needs an absolute folder: file:///FOLDER")
        if not Path(folder).is_dir():
            raise ConfigError(f"{name}={shown!r}: the folder {folder} does not exist")
        return EmailConfig(
            backend="django.core.mail.backends.filebased.EmailBackend", folder=folder
        )
    if scheme not in {"smtp", "smtps"}:
        raise ConfigError(f"{name}={shown!r} is not an e-mail URL ({EMAIL_HELP})")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"{name}={shown!r} is not a valid URL: {exc}") from None
    if not parts.hostname:
        raise ConfigError(f"{name}={shown!r} names no server ({EMAIL_HELP})")
    options = dict(parse_qsl(parts.query))
    unknown = sorted(set(options) - {"starttls", "timeout"})
    if unknown:
        raise ConfigError(f"{name}={shown!r} has an unknown option {unknown[0]!r}")
    implicit = scheme == "smtps"
    starttls = not implicit and parse_bool(name + " starttls", options.get("starttls"), True)
    timeout = parse_int(name + " timeout", options.get("timeout"), 30, minimum=1)
    return EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port or (465 if implicit else 587),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        starttls=starttls,
        implicit_tls=implicit,
        timeout=timeout,
    )


def _without_password(text: str) -> str:
    """A URL as it may be shown in a message: its password replaced by ``***``."""
    try:
        parts = urlsplit(text)
        password = parts.password
    except ValueError:
        return text.split("@", 1)[-1] if "@" in text else text
    if not password:
        return text
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{netloc[1]}").geturl()


LINK_KEY_HELP = "one or more Fernet keys (44 characters of URL-safe base64), comma-separated"


def _check_link_key(name: str, key: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(key) != 44 or len(raw) != 32:
        raise ConfigError(f"{name} holds a key that is not a Fernet key ({LINK_KEY_HELP})")
    return key


def load_or_create_link_keys(name: str, raw: str | None, home: Path) -> list[str]:
    """The keys that seal survey links at rest: from the setting, or from
    ``home/link_key`` (one key a line), generated there on first use.

    The first key seals new links; every key opens links (so an older key listed
    after a new one keeps its links readable while they are re-sealed)."""
    if raw is not None and raw.strip():
        return [_check_link_key(name, k.strip()) for k in raw.split(",") if k.strip()]
    path = home / "link_key"
    if path.exists():
        lines = [k.strip() for k in path.read_text(encoding="utf-8").splitlines() if k.strip()]
        if lines:
            return [_check_link_key(f"{name} (read from {path})", k) for k in lines]
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")
    try:
        with open_private(path) as handle:
            handle.write((key + "\n").encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{name} is not set and {path} cannot be written: {exc}") from None
    return [key]


#: Where ``joinedup serve`` or ``joinedup demo`` listen, as ``http://host:port``; set
#: by :func:`announce_served_at` before Django loads the settings, None otherwise.
served_at: str | None = None


def announce_served_at(host: str, port: int) -> None:
    """Record the address the server is about to listen on, so that
    ``joinedup.settings`` can make it the default base URL of survey links. A
    wildcard address (every interface) is replaced by this machine's name."""
    global served_at
    if host in ("", "0.0.0.0", "::", "[::]"):  # noqa: S104 - naming it, not binding
        host = socket.getfqdn()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    served_at = f"http://{host}:{port}"


def parse_base_url(name: str, raw: str | None, default: str) -> str:
    """The address respondents reach the server at: an http(s) URL without a query."""
    if raw is None or not raw.strip():
        return default.rstrip("/")
    text = raw.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ConfigError(
            f"{name}={raw!r} is not an http:// or https:// address "
            "(e.g. https://partnerships.example.org)"
        )
    return text


SIGNING_KEY_HELP = "a raw Ed25519 private key: 32 bytes in base64 (44 characters)"


def _check_signing_key(name: str, text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip().encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ConfigError(f"{name} is not an Ed25519 private key ({SIGNING_KEY_HELP})")
    return raw


def load_or_create_signing_key(name: str, raw: str | None, home: Path) -> bytes:
    """The key that signs this installation's benchmark packets: from the setting,
    or from ``home/signing_key``, generated there (readable by its owner only) on
    first use. Kept outside the database, like the link key, so that a copy of the
    database cannot sign packets."""
    if raw is not None and raw.strip():
        return _check_signing_key(name, raw)
    path = home / "signing_key"
    if path.exists():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return _check_signing_key(f"{name} (read from {path})", stored)
    key = secrets.token_bytes(32)  # any 32 bytes are an Ed25519 private key (RFC 8032 §5.1.5)
    try:
        with open_private(path) as handle:
            handle.write((base64.b64encode(key).decode("ascii") + "\n").encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{name} is not set and {path} cannot be written: {exc}") from None
    return key
