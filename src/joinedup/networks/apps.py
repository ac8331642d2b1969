from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "joinedup.networks"
    label = "networks"
    verbose_name = "Partnership networks"

    def ready(self) -> None:
        from joinedup.networks.sections import organisation_context, partnership_context
        from joinedup.web.sections import organisation_section, partnership_section

        partnership_section(40, "networks/_partnership.html", partnership_context)
        organisation_section(40, "networks/_organisation.html", organisation_context)
