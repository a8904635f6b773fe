from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", views.ping, name="ping"),
    path("report/", views.report, name="report"),
    path("receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("status/<int:pk>/", views.status, name="status"),
    path("status/<int:pk>/identity/", views.reveal_identity, name="reveal_identity"),
    path("status/<int:pk>/files/<int:file_pk>/", views.reporter_file, name="reporter_file"),
    path("transparency/", views.transparency, name="transparency"),
    path("regions/picker/", views.region_picker, name="region_picker"),
    path("regions/search/", views.region_results, name="region_search"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("inbox/files/<int:file_pk>/", views.inbox_file, name="inbox_file"),
]
