from django.urls import reverse


def test_home(client, member):
    client.force_login(member("prevention_staff", "36.73"))
    assert client.get(reverse("prevention:home")).status_code == 200
