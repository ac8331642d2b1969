from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "joinedup.site"
    label = "site"
    verbose_name = "Site"
