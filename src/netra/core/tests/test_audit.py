"""Audit trail: every model registered, and each HTTP change recorded with who, what and which
request."""

from auditlog.models import LogEntry
from django.apps import apps
from django.urls import reverse

from netra.core.audit import is_registered, object_history
from netra.core.request_context import origin


def test_every_netra_model_is_audited():
    models = [m for m in apps.get_models() if m.__module__.startswith("netra.")]
    assert models
    missing = [m._meta.label for m in models if not is_registered(m)]
    assert missing == [], f"not registered with django-auditlog: {missing}"


def test_http_edit_writes_an_audit_entry_with_actor_changes_and_request(
    client, member, org_factory
):
    user = member("administrator", "36.73")
    target = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    client.force_login(user)
    path = reverse("orgs:organisation_update", args=[target.pk])

    response = client.post(path, {"name": "Panwascam Serang", "phone": "0254-111222"})

    assert response.status_code == 302
    request_id = response["X-Request-ID"]
    assert request_id
    entry = LogEntry.objects.get_for_object(target).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == user
    assert entry.changes_dict["name"] == ["Panwaslu Kecamatan Serang", "Panwascam Serang"]
    assert entry.changes_dict["phone"] == ["", "0254-111222"]
    assert entry.cid == request_id
    assert entry.additional_data["method"] == "POST"
    assert entry.additional_data["path"] == path
    assert entry.additional_data["request_id"] == request_id


def test_incoming_request_id_is_kept_and_invalid_one_replaced(client, member, org_factory):
    user = member("administrator", "36.73")
    target = org_factory("36.73.01")
    client.force_login(user)
    path = reverse("orgs:organisation_update", args=[target.pk])

    response = client.post(path, {"name": "Satu"}, headers={"X-Request-ID": "req-12345678"})
    assert response["X-Request-ID"] == "req-12345678"
    assert LogEntry.objects.get_for_object(target).latest("timestamp").cid == "req-12345678"

    response = client.post(path, {"name": "Dua"}, headers={"X-Request-ID": "<bad id>"})
    replaced = response["X-Request-ID"]
    assert replaced != "<bad id>"
    assert LogEntry.objects.get_for_object(target).latest("timestamp").cid == replaced


def test_detail_page_shows_the_history(client, member, org_factory):
    user = member("administrator", "36.73")
    user.language = "en"  # field labels are then the English msgids
    user.save(update_fields=["language"])
    target = org_factory("36.73.01", name="Panwaslu Lama")
    client.force_login(user)
    path = reverse("orgs:organisation_update", args=[target.pk])
    client.post(path, {"name": "Panwaslu Baru"})

    page = client.get(reverse("orgs:organisation_detail", args=[target.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    history = html[html.index('id="history-title"') :]
    assert "<tr><td>Name</td><td>Panwaslu Lama</td><td>Panwaslu Baru</td></tr>" in history
    assert user.get_full_name() in history
    assert f"POST {path}" in history


def test_changes_outside_http_carry_their_origin(org_factory):
    target = org_factory("36.73.01")
    with origin("command", "load_demo_data", "cmd-12345678"):
        target.phone = "0254-9"
        target.save(update_fields=["phone"])
    entry = object_history(target)[0]
    assert entry.actor is None
    assert entry.additional_data == {
        "request_id": "cmd-12345678",
        "method": "command",
        "path": "load_demo_data",
        "channel": "command:load_demo_data",
    }


def test_a_forged_forwarded_for_never_becomes_the_recorded_address(
    client, member, org_factory, settings
):
    """The audit entry keeps the address lockouts use: behind one trusted proxy, the entry that
    proxy appended; a client-written X-Forwarded-For entry is never recorded."""
    user = member("administrator", "36.73")
    target = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    client.force_login(user)
    path = reverse("orgs:organisation_update", args=[target.pk])

    settings.NETRA_TRUSTED_PROXIES = 1
    client.post(path, {"name": "Panwascam Serang"}, REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.NETRA_TRUSTED_PROXIES = 0
    client.post(path, {"name": "Panwascam Kota Serang"}, REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="6.6.6.6")

    entries = LogEntry.objects.get_for_object(target).filter(action=LogEntry.Action.UPDATE)
    assert [e.remote_addr for e in entries.order_by("pk")] == ["203.0.113.9", "10.0.0.2"]
