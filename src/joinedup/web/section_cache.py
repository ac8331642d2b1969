"""Computed page sections, kept between requests until the data under them changes.

A section (:mod:`joinedup.web.sections`) recomputes its figures on every call: the
scores, the network measures, the diagnoses. They change only when the database
does, so each section's result is kept, in the memory of the server process that
computed it (:data:`KEPT`, the ``settings.SECTION_CACHE_ENTRIES`` most recently
used), under a key made of everything the result rests on:

- the section (its dotted path), the object (partnership or organisation) and the
  round asked for;
- the viewer's **rights**, not the viewer: :meth:`Viewer.rights` (administrator or
  not, and every role the user holds in every partnership). Two people with the
  same rights see the same section; a member never gets a coordinator's entry,
  because their rights differ. A section may therefore depend on its viewer only
  through the viewer's rights (the :class:`~joinedup.registry.viewer.Viewer`
  methods and :mod:`joinedup.registry.permissions`), as every section does;
- the **data version**: a token that changes whenever a statement writes to a
  table that feeds the pages (see below);
- the language, today's date (sections read "as of today"), the moments listed in
  ``settings.SECTION_CACHE_CLOCKS`` (the surveys app's: how many rounds have
  opened and closed by now, since a round closes on its date without any write),
  the database, the settings and the code (a fingerprint of every module's size
  and modification time, so a deployment never serves a result of older code).

What is kept is the section's :class:`SectionResult`, built by the section after
its permission and suppression rules ran, for one set of rights: what the page
would have shown them anyway. It stays in memory, as the section left it: nothing
is written to disk, and reading it back costs nothing (unpickling the network
section of the largest demo partnership took 26 ms). Each process keeps its own
results; what they share is the data version, so that a write seen by one is seen
by all.

**The data version.** Every SQL statement Django sends goes through
:func:`watch` (a database execute wrapper, installed on each new connection). A
statement that writes (INSERT, UPDATE, DELETE, REPLACE, TRUNCATE or a schema
change) to a table not in ``settings.SECTION_CACHE_QUIET_TABLES`` (sessions, the
audit log, sign-in attempts, mail, request counters: tables no section reads)
changes the version. Bulk writes, ``QuerySet.update()`` and raw SQL are seen as
well as ``save()``, which signals would miss. The shared token (in the
``sections-version`` cache of ``settings.CACHES``, a file under
``JOINEDUP_HOME/cache`` that every process reads) is replaced after the
transaction commits, so other processes see a new version exactly when they
can see the new data; inside the writing transaction a fresh random suffix
stands for the uncommitted writes, so the same thread never reuses a result from
before its own write, and no other thread or process ever uses a result computed
from uncommitted data.

Data changed behind joinedup's back (by hand in ``psql``, a restored file) is not
seen: :func:`forget_all` starts afresh, and every entry expires after
``settings.SECTION_CACHE_SECONDS`` anyway (0 turns the cache off).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

VERSION_KEY = "data-version"
_WRITE = re.compile(
    r"\s*(?:(INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|"
    r"TRUNCATE(?:\s+TABLE)?)\s+[\"`]?([\w.]+)|(CREATE|ALTER|DROP)\s)",
    re.IGNORECASE,
)
_MISSING = object()
_state = threading.local()


# -- The data version ---------------------------------------------------------------


def watch(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any) -> Any:
    """The execute wrapper: run the statement, then note a write to a table that feeds
    the pages."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and changes_pages(sql):
        written(context["connection"])
    return result


def changes_pages(sql: str) -> bool:
    """Whether ``sql`` writes to a table that is not quiet (or changes the schema)."""
    found = _WRITE.match(sql)
    if found is None:
        return False
    if found.group(3):
        return True
    table = found.group(2).rsplit(".", 1)[-1].lower()
    return table not in _quiet_tables()


@functools.cache
def _quiet_tables() -> frozenset[str]:
    return frozenset(name.lower() for name in settings.SECTION_CACHE_QUIET_TABLES)


def written(wrote: Any = None) -> None:
    """Note that the data changed through connection ``wrote`` (the default one if
    None): at once in autocommit mode, else a fresh private suffix now and a new
    shared token when the transaction commits. The connection itself is asked, not
    its alias: Django's own short-lived connections (the one that creates a test
    database on PostgreSQL) are not in ``connections``."""
    wrote = wrote or connection
    if wrote.get_autocommit():
        _state.pending = None
        _new_token()
        return
    _state.pending = secrets.token_hex(8)
    wrote.on_commit(_committed)


def _committed() -> None:
    # One callback per write; the first after the commit does the work.
    if getattr(_state, "pending", None) is None:
        return
    _state.pending = None
    _new_token()


def _new_token() -> str:
    token = secrets.token_hex(12)
    caches[settings.SECTION_CACHE_VERSION_ALIAS].set(VERSION_KEY, token, timeout=None)
    return token


def data_version() -> str:
    """The current data version as this thread may use it."""
    store = caches[settings.SECTION_CACHE_VERSION_ALIAS]
    token = store.get(VERSION_KEY)
    if token is None:
        store.add(VERSION_KEY, secrets.token_hex(12), timeout=None)
        token = store.get(VERSION_KEY) or _new_token()
    pending = getattr(_state, "pending", None)
    if pending is not None and transaction.get_autocommit():
        # The transaction that wrote ended without a commit: it was rolled back.
        _state.pending = pending = None
    return f"{token}.{pending}" if pending else str(token)


def reset_thread(**_: Any) -> None:
    """Forget a rolled-back transaction's suffix at the start of each request, unless
    the request runs inside a transaction that is still open (a test's): its
    uncommitted writes still stand for a version no other thread can see."""
    if not connection.in_atomic_block:
        _state.pending = None


def install(connection: Any, **_: Any) -> None:
    """Watch a new database connection's statements (the ``connection_created`` signal)."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


# -- The key ------------------------------------------------------------------------


@functools.cache
def code_fingerprint() -> str:
    """Size and modification time of every module of joinedup, hashed."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder, _dirs, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


_settings_memo: dict[str, str] = {}


def settings_fingerprint() -> str:
    """The settings of plain values (numbers, words, lists of them), hashed: any
    change (the smallest group size, the section lists, the time zone) is a new key."""
    if "value" not in _settings_memo:
        plain = (str, int, float, bool, type(None))
        kept = []
        for name in sorted(dir(settings)):
            if not name.isupper():
                continue
            value = getattr(settings, name)
            if isinstance(value, plain) or (
                isinstance(value, list | tuple) and all(isinstance(v, plain) for v in value)
            ):
                kept.append(f"{name}={value!r}")
        _settings_memo["value"] = hashlib.sha256("\n".join(kept).encode()).hexdigest()[:16]
    return _settings_memo["value"]


def settings_changed(**_: Any) -> None:
    """A setting was changed in this process (tests): fingerprint again."""
    _settings_memo.clear()
    _quiet_tables.cache_clear()


def clocks() -> tuple[Hashable, ...]:
    return tuple(import_string(path)() for path in settings.SECTION_CACHE_CLOCKS)


def key(name: str, viewer: Any, obj: Any, round_: Any) -> str:
    """The cache key of section ``name`` of ``obj`` for ``viewer`` (see the module)."""
    return shared_key(name, obj._meta.label, obj.pk, getattr(round_, "pk", round_), viewer.rights())


def shared_key(name: str, *parts: Hashable) -> str:
    """The key of a result named ``name`` resting on the data, the clocks, the day,
    the language, the settings and the code, and on ``parts``."""
    common = (
        code_fingerprint(),
        settings_fingerprint(),
        connection.vendor,
        connection.settings_dict.get("NAME"),
        data_version(),
        clocks(),
        timezone.localdate().isoformat(),
        dt.date.today().isoformat(),  # some sections read the system date
        translation.get_language(),
    )
    return f"{name}:" + hashlib.sha256(repr((common, parts)).encode()).hexdigest()


# -- The kept sections ---------------------------------------------------------------


class Kept:
    """The results one process keeps: the most recently used ``size``, each for
    ``seconds`` at most. Results are kept as they are (not pickled): no figure goes
    to disk, and reading one costs nothing. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, where: str) -> Any:
        with self._lock:
            found = self._items.get(where)
            if found is None:
                return _MISSING
            if found[0] < time.monotonic():
                del self._items[where]
                return _MISSING
            self._items.move_to_end(where)
            return found[1]

    def put(self, where: str, result: Any) -> None:
        expires = time.monotonic() + settings.SECTION_CACHE_SECONDS
        with self._lock:
            self._items[where] = (expires, result)
            self._items.move_to_end(where)
            while len(self._items) > settings.SECTION_CACHE_ENTRIES:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


KEPT = Kept()


def forget_all() -> None:
    """Drop every section this process keeps and start a new data version (which
    every other process then sees)."""
    KEPT.clear()
    _new_token()


def remember(name: str, parts: tuple[Hashable, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, kept like a section's result under ``name`` and ``parts`` (what
    it rests on besides the data, the clocks, the day, the language, the settings
    and the code). For results that are the same for every viewer and already
    suppressed, such as the benchmark's scores of every partnership at k. The
    caller must not change what it gets."""
    if not settings.SECTION_CACHE_SECONDS:
        return compute()
    where = shared_key(name, *parts)
    result = KEPT.get(where)
    if result is _MISSING:
        result = compute()
        KEPT.put(where, result)
    return result


def _copy(result: Any) -> Any:
    # A fresh context dict for each caller, so that one page adding to it cannot
    # change what the next one reads.
    if isinstance(getattr(result, "context", None), dict):
        return dataclasses.replace(result, context=dict(result.context))
    return result


def cached(function: Callable[[Any, Any, Any], Any], name: str) -> Callable[[Any, Any, Any], Any]:
    """``function`` (a section, named ``name``) with its results kept (see the module)."""

    @functools.wraps(function)
    def section(viewer: Any, obj: Any, round_: Any = None) -> Any:
        if not settings.SECTION_CACHE_SECONDS or not hasattr(viewer, "rights"):
            return function(viewer, obj, round_)
        where = key(name, viewer, obj, round_)
        result = KEPT.get(where)
        if result is _MISSING:
            result = function(viewer, obj, round_)
            KEPT.put(where, result)
        return _copy(result)

    section.uncached = function  # type: ignore[attr-defined]
    return section
