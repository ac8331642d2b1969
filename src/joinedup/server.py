"""A production WSGI server (gunicorn, threaded workers) for ``joinedup serve``."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from joinedup.web.logmask import mask_tokens


class MaskedLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger with survey-link tokens masked in every access-log field
    (request line, path, query, referer; see :mod:`joinedup.web.logmask`)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        found = super().atoms(resp, req, environ, request_time)
        return {k: mask_tokens(v) if isinstance(v, str) else v for k, v in found.items()}


class JoinedupServer(BaseApplication):  # type: ignore[misc]
    """Runs joinedup's WSGI application inside gunicorn without a config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from joinedup.wsgi import application

        return application


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
        "logger_class": MaskedLogger,
        "proc_name": "joinedup",
        # The app is loaded once before forking so a bad setting fails once, loudly.
        "preload_app": True,
    }
    JoinedupServer(options).run()
