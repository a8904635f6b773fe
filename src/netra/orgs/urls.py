from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation_update"),
    path("<int:pk>/new-child/", views.OrganisationCreateView.as_view(), name="organisation_create"),
]
