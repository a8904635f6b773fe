from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.checker, name="checker"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:code>/", views.role_detail, name="role_detail"),
    path("faq/", views.faq, name="faq"),
]
