from django.apps import AppConfig


class DiagnosesConfig(AppConfig):
    name = "joinedup.diagnoses"
    label = "diagnoses"
    verbose_name = "Diagnoses from the partnership frameworks"

    def ready(self) -> None:
        from joinedup.diagnoses import sections
        from joinedup.web.sections import organisation_section, partnership_section

        partnership_section(35, "diagnoses/_partnership_section.html", sections.partnership)
        organisation_section(35, "diagnoses/_organisation_section.html", sections.organisation)
