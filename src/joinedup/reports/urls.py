"""URLs of the reports app (mounted by joinedup.site.urls)."""

from django.urls import URLPattern, URLResolver, path

from joinedup.reports import benchmark_views, packet_views, preview, report_views, responses_views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnership/<int:pk>/", report_views.partnership_report, name="partnership"),
    path("partnership/<int:pk>/pdf/", report_views.partnership_report_pdf, name="partnership_pdf"),
    path("rounds/<int:pk>/preview/", preview.round_preview, name="round_preview"),
    path("benchmark/", benchmark_views.benchmark_page, name="benchmark"),
    path("benchmark/across/", packet_views.across_page, name="benchmark_across"),
    path("benchmark/packets/", packet_views.packets_page, name="benchmark_packets"),
    path(
        "benchmark/installation-key/",
        packet_views.installation_key,
        name="benchmark_installation_key",
    ),
    path(
        "benchmark/<int:pk>/<str:fmt>/",
        benchmark_views.benchmark_download,
        name="benchmark_download",
    ),
    path(
        "benchmark/<int:pk>/changes/<str:fmt>/",
        benchmark_views.benchmark_changes,
        name="benchmark_changes",
    ),
    path(
        "benchmark/networks/<str:fmt>/",
        benchmark_views.benchmark_networks,
        name="benchmark_networks",
    ),
    path("responses/", responses_views.responses_page, name="responses"),
    path(
        "responses/national/<str:fmt>/",
        responses_views.responses_national,
        name="responses_national",
    ),
    path(
        "responses/partnership/<int:pk>/<str:fmt>/",
        responses_views.responses_partnership,
        name="responses_partnership",
    ),
    path(
        "benchmark/interlocks/",
        benchmark_views.benchmark_interlocks,
        name="benchmark_interlocks",
    ),
]
