"""The site's own pages: home, dashboard, partnership and organisation pages, and the
API token and two-factor pages (views from :mod:`joinedup.web.tokens` and
:mod:`joinedup.web.twofactor`).

The namespace keeps its name, ``web``, so every ``{% url 'web:…' %}`` and
``reverse("web:…")`` written before the site layer was split out still works.
"""

from django.urls import path

from joinedup.site import views
from joinedup.surveys.views_quality import instrument_psychometrics
from joinedup.web import tokens, twofactor

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path(
        "partnerships/<int:pk>/section/<slug:key>/",
        views.partnership_section,
        name="partnership_section",
    ),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "instruments/<str:key>/quality/",
        instrument_psychometrics,
        name="instrument_psychometrics",
    ),
    path("account/tokens/", tokens.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("account/two-factor/", twofactor.setup, name="two_factor"),
    path("account/two-factor/off/", twofactor.turn_off, name="two_factor_off"),
    path(
        "account/two-factor/recovery-codes/",
        twofactor.new_recovery_codes,
        name="two_factor_recovery",
    ),
    path("account/two-factor/code/", twofactor.verify, name="two_factor_verify"),
]
