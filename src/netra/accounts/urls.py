from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("me/", views.profile, name="profile"),
    path("staff/", views.MembershipListView.as_view(), name="membership_list"),
    path("staff/new/<int:pk>/", views.UserCreateView.as_view(), name="user_create"),
]
