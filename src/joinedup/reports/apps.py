from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "joinedup.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from joinedup.reports import scores
        from joinedup.web.sections import partnership_section

        partnership_section(30, "reports/_scores.html", scores.section)
