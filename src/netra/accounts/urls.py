from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_security

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("me/", views.profile, name="profile"),
    path("staff/", views.MembershipListView.as_view(), name="membership_list"),
    path("staff/new/<int:pk>/", views.UserCreateView.as_view(), name="user_create"),
    # Staff login security (ADR 0005): two-factor pages and the unlock page.
    path("two-factor/setup/", views_security.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views_security.otp_verify, name="otp_verify"),
    path("two-factor/", views_security.otp_manage, name="otp_manage"),
    path("staff/locked/", views_security.lockout_list, name="lockout_list"),
    path("staff/<int:pk>/two-factor-reset/", views.TwoFactorResetView.as_view(),
         name="otp_reset"),
]
