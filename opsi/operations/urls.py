from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
]
