"""In-app notifications: each user's list with unread/read, marking read (one or all), the
unread count in the header, and that nobody reaches another user's notification."""

import pytest
from django.urls import reverse
from django.utils import translation

from netra.accounts.tests.factories import UserFactory
from netra.notifications import services
from netra.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:notification_list")
UNREAD = reverse("notifications:unread_count")


@pytest.fixture
def owner():
    return UserFactory(language="en")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_list_shows_unread_and_read_with_the_count_in_the_header(client, owner):
    services.notify(owner, kind="test", title="Case 001 registered", url="/cases/1/")
    old = services.notify(owner, kind="test", title="Case 002 closed")
    services.mark_read(user=owner, pk=old.pk)
    services.notify(UserFactory(), kind="test", title="Someone else's news")
    client.force_login(owner)
    html = client.get(LIST).content.decode()
    assert "Case 001 registered" in html
    assert "Case 002 closed" in html
    assert "Someone else" not in html
    assert f'id="notification-{old.pk}"' in html
    assert "1 unread" in html
    unread = client.get(LIST, {"show": "unread"}).content.decode()
    assert "Case 001 registered" in unread
    assert "Case 002 closed" not in unread
    # Every page's header carries the link, and loads the count without slowing the page.
    home = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{LIST}"' in home
    assert f'hx-get="{UNREAD}"' in home
    badge = client.get(UNREAD).content.decode()
    assert '<span class="unread-count">1</span>' in badge
    assert "1 unread" in badge


def test_mark_read_and_open(client, owner):
    note = services.notify(owner, kind="test", title="Open me", url="/cases/7/")
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/7/"
    note.refresh_from_db()
    assert note.is_read
    assert "unread-count" not in client.get(UNREAD).content.decode()


def test_an_outside_link_is_not_followed(client, owner):
    note = services.notify(owner, kind="test", title="Odd", url="https://evil.example/x")
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == LIST


def test_mark_all_read(client, owner):
    for i in range(3):
        services.notify(owner, kind="test", title=f"News {i}")
    other = services.notify(UserFactory(), kind="test", title="Not mine")
    client.force_login(owner)
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert not other.is_read


def test_another_users_notification_answers_404(client, owner):
    theirs = services.notify(UserFactory(), kind="test", title="Private")
    client.force_login(owner)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert client.get(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 405


def test_login_required(client):
    assert client.get(LIST).status_code == 302
    assert client.get(UNREAD).status_code == 302
