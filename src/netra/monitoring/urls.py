from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.HitListView.as_view(), name="hit_list"),
    path("hits/<int:pk>/", views.HitDetailView.as_view(), name="hit_detail"),
    path("hits/<int:pk>/confirm/", views.HitConfirmView.as_view(), name="hit_confirm"),
    path("hits/<int:pk>/dismiss/", views.HitDismissView.as_view(), name="hit_dismiss"),
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("lexicon/", views.LexiconView.as_view(), name="lexicon"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
