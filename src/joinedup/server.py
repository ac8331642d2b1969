"""A production WSGI server (gunicorn, threaded workers) for ``joinedup serve``.

gunicorn is imported by :func:`serve` only: the command line builds its parser from
this module (``--workers`` defaults to :func:`default_workers`) and must start
without loading the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def masked_logger() -> type:
    """Gunicorn's logger with survey-link tokens masked in every access-log field
    (request line, path, query, referer; see :mod:`joinedup.web.logmask`). Built on
    demand so that importing this module does not load gunicorn."""
    from gunicorn.glogging import Logger

    from joinedup.web.logmask import mask_tokens

    class MaskedLogger(Logger):  # type: ignore[misc]
        def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
            found = super().atoms(resp, req, environ, request_time)
            return {k: mask_tokens(v) if isinstance(v, str) else v for k, v in found.items()}

    return MaskedLogger


def _application(options: dict[str, Any]) -> Any:
    """A gunicorn application running joinedup's WSGI app without a config file."""
    from gunicorn.app.base import BaseApplication

    class JoinedupServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            from joinedup.wsgi import application

            return application

    return JoinedupServer()


def default_workers() -> int:
    return max(2, min(4, (os.cpu_count() or 1) + 1))


def serve(host: str, port: int, workers: int, threads: int, access_log: bool = False) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "logger_class": masked_logger(),
        "proc_name": "joinedup",
        # The app is loaded once before forking so a bad setting fails once, loudly.
        "preload_app": True,
    }
    _application(options).run()


@contextmanager
def mail_worker(enabled: bool = True) -> Iterator[None]:
    """Run ``joinedup worker`` beside the server while the block runs: one process
    that sends the outbox's invitations and reminders, outside every request. It
    stops with the server, and by itself should the server be killed outright."""
    if not enabled:
        yield
        return
    command = [sys.executable, "-m", "joinedup", "worker", "--with-parent", str(os.getpid())]
    worker = subprocess.Popen(command)  # noqa: S603 - our own command, no shell
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
