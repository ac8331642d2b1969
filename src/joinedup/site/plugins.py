"""How the site finds what the apps offer: by the apps' own module names.

``INSTALLED_APPS`` is the one list of apps. Each of joinedup's apps (the site itself
left out) that has a ``urls`` module is mounted under ``/<label>/``, and each that has
an ``api`` module offering a ``router`` under ``/api/<label>/``, in the order of
``INSTALLED_APPS``. See ``docs/architecture.md`` for the other plug-ins (page
sections, commands, demo steps).
"""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule

SITE = "joinedup.site"


def joinedup_apps() -> list[AppConfig]:
    """joinedup's own apps in ``INSTALLED_APPS`` order, without the site."""
    return [
        config
        for config in apps.get_app_configs()
        if config.name.startswith("joinedup.") and config.name != SITE
    ]


def offering(module: str) -> list[AppConfig]:
    """The apps that have a module called ``module`` (``"urls"``, ``"api"``)."""
    return [config for config in joinedup_apps() if module_has_submodule(config.module, module)]
