"""The frameworks of the partnership literature, one module each.

Every module offers ``NAME``, ``TITLE``, ``compute(...)`` returning a frozen
result with ``to_dict()``, and ``explain(result) -> str`` in plain words. The
registry below maps names to modules, so the web pages, the API and the docs
test can walk them all (like a plugin list).
"""

from __future__ import annotations

from types import ModuleType

from joinedup.analysis.frameworks import advisor, depth, drift, dynamics, modes, sharing

REGISTRY: dict[str, ModuleType] = {
    module.NAME: module for module in (dynamics, drift, depth, modes, advisor, sharing)
}


def get(name: str) -> ModuleType:
    """The framework module called ``name`` (KeyError when there is none)."""
    return REGISTRY[name]
