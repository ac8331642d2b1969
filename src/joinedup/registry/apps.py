from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "joinedup.registry"
    label = "registry"
    verbose_name = "Registry of organisations and partnerships"
