from django.urls import path

from joinedup.web import tokens, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/tokens/", tokens.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
