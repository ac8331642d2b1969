"""Writing audit events.

Who acted is taken from the current context: the web request being served (bound
by :class:`~joinedup.audit.middleware.AuditMiddleware`), or a command run at the
server's shell (bound by :func:`command_actor`), whose role is ``operator`` and whose
name is the operating-system account. Outside both (a test, a script) events are
still written, as ``system``.
"""

from __future__ import annotations

import getpass
import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from joinedup.audit.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    user: Any = None  # an authenticated user, or None
    name: str = "system"
    role: str = ""
    address: str | None = None


_current: ContextVar[Any] = ContextVar("joinedup_audit_actor", default=None)


def bind(source: Any) -> Any:
    """Make ``source`` (an :class:`Actor` or an HttpRequest) the current actor;
    returns the token for :func:`unbind`."""
    return _current.set(source)


def unbind(token: Any) -> None:
    _current.reset(token)


@contextmanager
def command_actor() -> Iterator[Actor]:
    """Run a block as the operator at the shell."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    actor = Actor(name=f"shell:{name}", role="operator")
    token = bind(actor)
    try:
        yield actor
    finally:
        unbind(token)


def _client_address(request: Any) -> str | None:
    """The client's address as the throttle sees it (X-Forwarded-For only from the
    trusted proxies), or None when it is not an IP address."""
    from joinedup.web.addresses import client_address

    text = client_address(request)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def role_of(user: Any, partnership: Any = None) -> str:
    """The user's role for this action: administrator, or their access role."""
    from joinedup.registry.models import Access

    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    if user.is_superuser:
        return "administrator"
    rows = Access.objects.filter(user=user)
    if partnership is not None:
        rows = rows.filter(partnership=partnership) | rows.filter(partnership__isnull=True)
    roles = sorted(set(rows.values_list("role", flat=True)))
    return ", ".join(roles) or "signed-in"


def current_actor(partnership: Any = None) -> Actor:
    source = _current.get()
    if isinstance(source, Actor):
        return source
    if source is None:
        return Actor()
    user = getattr(source, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(name="anonymous", role="anonymous", address=_client_address(source))
    return Actor(
        user=user,
        name=user.get_username(),
        role=role_of(user, partnership),
        address=_client_address(source),
    )


def record(
    action: str,
    *,
    obj: Any = None,
    partnership: Any = None,
    summary: str = "",
    object_type: str = "",
    object_id: Any = "",
) -> AuditEvent:
    """Write one event. ``obj`` (a model instance) fills the object type and id."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor = current_actor(partnership)
    return AuditEvent.objects.create(
        user=actor.user,
        who=actor.name[:150],
        role=actor.role[:32],
        action=action[:64],
        object_type=object_type[:100],
        object_id=str(object_id or "")[:64],
        partnership=partnership,
        summary=summary[:500],
        address=actor.address,
    )
