from django.urls import path, re_path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("picker/", views.picker, name="picker"),
    path("picker/search/", views.picker_search, name="picker_search"),
    re_path(
        r"^(?P<code>[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?)/$",
        views.region_list,
        name="region_detail",
    ),
]
