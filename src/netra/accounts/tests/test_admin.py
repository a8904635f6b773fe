"""Django admin pages for users (with the membership inline)."""

from django.urls import reverse


def test_user_change_page_with_memberships(admin_client, member):
    user = member("analyst", "36.73")
    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="full_name"' in html
    assert "memberships-TOTAL_FORMS" in html
    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
