from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/mapping/", views.JobMappingView.as_view(), name="job_mapping"),
    path("<int:pk>/resume/", views.JobResumeView.as_view(), name="job_resume"),
    path("<int:pk>/errors.<str:fmt>", views.JobErrorsView.as_view(), name="job_errors"),
]
