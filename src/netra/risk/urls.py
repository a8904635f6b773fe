from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.index, name="index"),
    path("map.geojson", views.map_data, name="map_data"),
    path("scores/<int:pk>/", views.score_detail, name="score_detail"),
    path("methods/<int:pk>/", views.method_detail, name="method_detail"),
    path("methods/<int:pk>/edit/", views.method_update, name="method_update"),
    path("methods/<int:pk>/new-version/", views.method_new_version, name="method_new_version"),
    path("methods/<int:pk>/compute/", views.method_compute, name="method_compute"),
    path("methods/<int:pk>/import/", views.method_import, name="method_import"),
    path("boundaries/", views.boundary_list, name="boundary_list"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/actions/", views.evaluation_action_add,
         name="evaluation_action_add"),
    path("evaluations/<int:pk>/actions/<int:action_pk>/", views.evaluation_action_status,
         name="evaluation_action_status"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
