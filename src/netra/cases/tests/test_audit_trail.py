"""Every change has its real actor, identity is never in the audit log, and the history is written
for people (issue #14, points 1 and 2)."""

import json

from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from netra.accounts.services import create_api_token
from netra.cases import services, tasks
from netra.cases.models import Case, Reporter, Witness
from netra.core.audit import HIDDEN, system_actor
from netra.core.request_context import origin

from .factories import advance, open_report


def _entries(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


# --- Identity never in the log ---------------------------------------------------------------


def test_identity_changes_are_recorded_without_any_part_of_the_value(w):
    case = open_report(w, reporter_name="Xembrulo Qandar")
    reporter = Reporter.objects.get(case=case)
    reporter.nik = "3673014101909876"
    reporter.phone = "089912345678"
    reporter.save()
    witness = services.add_witness(case=case, actor=w.handler, name="Qorvynth Saksi",
                                   contact="0812")

    create, update = _entries(reporter)
    assert update.changes_dict == {"nik": [HIDDEN, HIDDEN], "phone": [HIDDEN, HIDDEN]}
    assert set(create.changes_dict) >= {"name", "nik", "address", "phone", "email"}
    assert all(v == [HIDDEN, HIDDEN] for k, v in create.changes_dict.items()
               if k in {"name", "nik", "address", "phone", "email"})
    stored = json.dumps([e.changes for e in LogEntry.objects.all()])
    # (Distinctive values: staff names in the log come from Faker.)
    for fragment in ("9876", "5678", "Xembrulo", "Qandar", "pelapor@", "Qorvynth", "Veteran"):
        assert fragment not in stored
    assert _entries(witness).get().changes_dict["name"] == [HIDDEN, HIDDEN]


def test_every_encrypted_field_of_every_audited_model_is_hidden():
    from auditlog.registry import auditlog

    from netra.core.crypto import is_encrypted_field

    for model in auditlog.get_models():
        encrypted = {f.name for f in model._meta.concrete_fields if is_encrypted_field(f)}
        options = auditlog.get_model_fields(model)
        assert encrypted <= set(options["mask_fields"]), model
        if encrypted:
            assert options["mask_callable"] == "netra.core.audit.hide_value", model


# --- The real actor and the channel ----------------------------------------------------------


def test_api_token_changes_are_recorded_with_the_tokens_user(w):
    case = open_report(w)
    _token, key = create_api_token(user=w.handler, name="integration")
    response = Client().patch(
        f"/api/v1/cases/{case.pk}", json.dumps({"title": "Edited by API", "version": 1}),
        content_type="application/json", headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    entry = _entries(case).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.changes_dict["title"][1] == "Edited by API"
    assert entry.actor == w.handler
    assert entry.additional_data["channel"] == "api"
    assert entry.remote_addr == "127.0.0.1"


def test_tasks_and_portal_intake_record_their_channel(w):
    case = open_report(w)
    with system_actor("public_portal"):
        Case.objects.filter(pk=case.pk).update(title="Before")
        portal_case = Case.objects.get(pk=case.pk)
        portal_case.title = "Sent from the portal"
        portal_case.save()
    entry = _entries(case).last()
    assert entry.actor is None
    assert entry.additional_data["channel"] == "public_portal"

    w.handler.email = "h@bawaslu.example.id"
    w.handler.save(update_fields=["email"])
    # Even inside a request, a task names itself.
    with origin("GET", "/cases/"), system_actor("task:cases.send_deadline_reminders"):
        task_case = Case.objects.get(pk=case.pk)
        task_case.title = "Touched by a task"
        task_case.save()
    assert _entries(case).last().additional_data["channel"] == (
        "task:cases.send_deadline_reminders")
    tasks.send_deadline_reminders.apply()


def test_no_entry_without_actor_lacks_a_channel(w):
    case = advance(open_report(w), w, "registered")
    services.add_witness(case=case, actor=w.handler, name="Saksi")
    assert Witness.objects.exists()
    for entry in LogEntry.objects.all():
        assert entry.actor_id or entry.additional_data.get("channel"), entry.pk


# --- History for people ----------------------------------------------------------------------


def _history(client, case) -> str:
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    return page[page.index('id="history-title"'):]


def test_history_reads_as_people_write(w, english_private_media):
    case = advance(open_report(w), w, "registered")
    client = Client()
    client.force_login(w.commissioner)  # reads English
    history = _history(client, case)
    assert "<td>Status</td><td>Formal and material check</td><td>Registered</td>" in history
    assert "<td>Registration number</td><td>—</td>" in history
    assert "None" not in history
    assert "<td>Registered on</td><td>—</td><td>2 September 2024</td>" in history
    assert "<td>Received at</td><td>—</td><td>2 September 2024, 09:00</td>" in history
    assert w.handler.get_full_name() in history

    w.commissioner.language = "id"
    w.commissioner.save(update_fields=["language"])
    history = _history(client, case)
    assert "<td>Diregistrasi pada</td><td>—</td><td>2 September 2024</td>" in history
    assert "<td>Status</td><td>Diterima</td>" in history


def test_handover_shows_office_names_not_ids(w, english_private_media):
    case = open_report(w)
    services.hand_over(case=case, actor=w.handler, to_office=w.kab_serang, reason="Jurisdiction.")
    client = Client()
    client.force_login(w.other_handler)
    history = _history(client, case)
    assert f"<td>{w.serang.name}</td><td>{w.kab_serang.name}</td>" in history


def test_request_details_only_for_the_offices_administrators(w, english_private_media):
    case = open_report(w)
    handler = Client()
    handler.force_login(w.handler)
    edit = reverse("cases:case_update", args=[case.pk])
    response = handler.post(edit, {
        "title": "Edited on the web", "description": case.description,
        "incident_date": case.incident_date.isoformat(),
        "place_region_code": case.place_region_code, "place_address": case.place_address,
        "version": case.version,
    })
    assert response.status_code == 302
    case = advance(Case.objects.get(pk=case.pk), w, "forwarded")

    admin = Client()
    admin.force_login(w.admin)
    history = _history(admin, case)
    assert "127.0.0.1" in history
    assert f"POST {edit}" in history

    for user in (w.handler, w.commissioner, w.bkn_officer):
        client = Client()
        client.force_login(user)
        history = _history(client, case)
        assert "Edited on the web" in history
        assert "127.0.0.1" not in history, user
        assert edit not in history, user
