"""The site's own pages: home, dashboard, partnership and organisation pages, and the
API token pages (views from :mod:`joinedup.web.tokens`).

The namespace keeps its name, ``web``, so every ``{% url 'web:…' %}`` and
``reverse("web:…")`` written before the site layer was split out still works.
"""

from django.urls import path

from joinedup.site import views
from joinedup.web import tokens

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/tokens/", tokens.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
