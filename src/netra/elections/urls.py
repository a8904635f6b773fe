from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="election_list"),
    path("new/", views.election_create, name="election_create"),
    path("<int:pk>/", views.election_detail, name="election_detail"),
]
