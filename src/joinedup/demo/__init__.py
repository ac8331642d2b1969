"""The demo town of Kestermouth, generated deterministically from a seed.

The demo is built by steps: every module in this package that defines ``ORDER``,
``LABEL`` and ``run(ctx)`` is one step, run in ``ORDER``. Later parts of joinedup
(surveys, networks, participation, context) add their own step module; each step
reads what earlier steps left in ``ctx.state`` and must draw its randomness from
``ctx.rng(name)`` so that the demo is the same for the same seed.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.db import transaction

TOWN = "Kestermouth"
Step = Callable[[int, int, str], None]


@dataclass
class DemoContext:
    seed: int
    state: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def rng(self, name: str) -> random.Random:
        """A random stream of its own for each step, so adding a step never
        changes what the others generate."""
        return random.Random(f"{self.seed}:{name}")


def steps() -> list[ModuleType]:
    modules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "ORDER") and hasattr(module, "run"):
            modules.append(module)
    return sorted(modules, key=lambda m: (m.ORDER, m.__name__))


def is_loaded() -> bool:
    from joinedup.registry.models import Partnership

    return Partnership.objects.filter(name__startswith=TOWN).exists()


def other_data() -> str | None:
    """What the database holds besides the demo town, in words, or ``None`` if nothing.

    ``joinedup demo`` loads the demo only into an empty database (or one holding the
    demo alone), so that it never mixes made-up partnerships into real ones or
    resets an existing account's password without being told to (``--force``).
    The demo's own accounts (:mod:`joinedup.demo.logins`) count as the demo."""
    from django.contrib.auth import get_user_model

    from joinedup.demo.logins import ADMIN, ROLE_ACCOUNTS
    from joinedup.registry.models import Organisation, Partnership

    users = get_user_model().objects.all()
    counts = {"partnerships": Partnership.objects.exclude(name__startswith=TOWN).count()}
    if is_loaded():
        counts["user accounts"] = users.exclude(username__in=(ADMIN, *ROLE_ACCOUNTS)).count()
    else:
        counts["organisations"] = Organisation.objects.count()
        counts["user accounts"] = users.count()
    found = [f"{n} {what}" for what, n in counts.items() if n]
    return ", ".join(found) if found else None


def load_demo(seed: int = 2024, step: Step | None = None) -> str:
    """Load the demo in one transaction; does nothing if it is already there."""
    if is_loaded():
        return f"The demo town of {TOWN} is already loaded."
    ctx = DemoContext(seed=seed)
    todo = steps()
    with transaction.atomic():
        for index, module in enumerate(todo):
            if step:
                step(index, len(todo), module.LABEL)
            module.run(ctx)
        if step:
            step(len(todo), len(todo), "done")
    return f"The demo town of {TOWN} is loaded: " + "; ".join(ctx.notes) + "."
