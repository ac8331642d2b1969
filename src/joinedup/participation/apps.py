from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "joinedup.participation"
    label = "participation"
    verbose_name = "Participation and outcomes"

    def ready(self) -> None:
        from joinedup.participation import sections
        from joinedup.web.sections import partnership_section

        partnership_section(50, "participation/_section.html", sections.partnership)
