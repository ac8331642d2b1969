from django.urls import path

from joinedup.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
]
