from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "joinedup.context"
    label = "context"
    verbose_name = "Partnership context"

    def ready(self) -> None:
        from joinedup.context import sections
        from joinedup.web.sections import organisation_section, partnership_section

        partnership_section(15, "context/_partnership_section.html", sections.partnership)
        organisation_section(15, "context/_organisation_section.html", sections.organisation)
