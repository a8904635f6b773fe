"""Case handling's scoped endpoints, for the access matrix (``netra.core.access``).

Targets: ``case`` (the case itself), ``evidence`` and ``document`` (scoped through their case,
opened by the case handlers and the recipient body), ``recommendation`` (the recipient body's
inbox) and ``person`` (a reported person, changed through the API). Every URL of ``cases`` that
takes an object id is registered here; creation pages check the office in the service and are
covered by the case tests.
"""

from django.utils import timezone

from netra.core.access import register_endpoint, register_target, register_unscoped

from .choices import DocumentKind
from .evidence import EVIDENCE_VIEWERS, UPLOADERS
from .permissions import CaseAction
from .workflow import HANDLERS, SUPERVISORS

MARK = "Diubah lewat matriks akses"  # what an allowed change writes
NIP = "198503102010011003"  # a valid NIP completing a reported person's missing one
VIEW, CHANGE, EXPORT = CaseAction.VIEW, CaseAction.CHANGE, CaseAction.EXPORT
RESPOND = CaseAction.RESPOND


def _pk(obj) -> dict:
    return {"pk": obj.pk}


def _case_id(obj) -> dict:
    return {"case_id": obj.pk}


def _rec_id(obj) -> dict:
    return {"recommendation_id": obj.pk}


def _first_person(case):
    return case.reported_persons.order_by("pk").first()


def _person_data(case) -> dict:
    return {"employment_type": "pns", "position": "Lurah", "agency": "Pemerintah Kota Serang",
            "name": MARK, "nip": ""}


def _violation_ids() -> list[int]:
    from netra.rules.selectors import violation_type_list

    return [v.pk for v in violation_type_list() if v.code == "asn-campaign-props"]


def _evidence_file(case) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("matriks.txt", b"bukti matriks akses\n", "text/plain"),
            "description": MARK}


register_target(
    "case", view_action=VIEW, assigned_actions={VIEW, RESPOND}, recipients_only=True,
    assignment="a recipient body sees (and answers) the cases recommended to it",
)
register_target(
    "evidence", view_action=VIEW, view_roles=EVIDENCE_VIEWERS, assigned_actions={VIEW},
    recipients_only=True, assignment="as its case, for handlers and the recipient body",
)
register_target(
    "document", view_action=VIEW, view_roles=EVIDENCE_VIEWERS, assigned_actions={VIEW},
    recipients_only=True, assignment="as its case, for handlers and the recipient body",
)
register_target(
    "recommendation", view_action=RESPOND, assigned_actions={RESPOND}, geographic=False,
    assignment="only the body it was sent to (the inbox)",
)
register_target(
    "generated_document", view_action=VIEW, view_roles=EVIDENCE_VIEWERS, assigned_actions={VIEW},
    recipients_only=True, assignment="as its case, for handlers and the recipient body",
)
register_target(
    "person", view_action=VIEW, assigned_actions={VIEW}, recipients_only=True,
    assignment="as its case",
)

# --- Web pages ---------------------------------------------------------------------------------
register_endpoint("cases:case_list", kind="list", action=VIEW, target="case")
register_endpoint("cases:case_list", kind="export", action=EXPORT, target="case",
                  query={"format": "csv"}, label="csv")
register_endpoint("cases:case_detail", kind="detail", action=VIEW, target="case", kwargs=_pk)
register_endpoint("cases:case_update", kind="change", action=CHANGE, roles=SUPERVISORS,
                  target="case", kwargs=_pk, label="form")
register_endpoint(
    "cases:case_update", kind="change", action=CHANGE, roles=SUPERVISORS, target="case",
    kwargs=_pk, method="POST",
    data=lambda case: {"title": case.title, "description": MARK, "version": case.version,
                       "incident_date": case.incident_date, "place_region_code":
                       case.place_region_code, "place_address": case.place_address},
    effect=lambda case: case.description == MARK,
)
register_endpoint(
    "cases:case_transition", kind="change", action=CHANGE, roles=HANDLERS, target="case",
    kwargs=lambda case: {"pk": case.pk, "name": "start_check"}, method="POST",
    data=lambda case: {"note": MARK, "version": case.version}, refused=409,
    effect=lambda case: case.status == "under_check",
)
register_endpoint(
    "cases:case_classify", kind="change", action=CHANGE, roles=HANDLERS, target="case",
    kwargs=_pk, method="POST",
    data=lambda case: {"category": "non_stage_asn", "violation_types": _violation_ids()},
    effect=lambda case: case.category == "non_stage_asn",
)
# Extending a deadline and correcting decided facts need a case further along the workflow: the
# matrix checks who reaches the step (the form answers 400 on the case page), the case tests
# check the step itself.
register_endpoint("cases:case_extend", kind="change", action=VIEW, target="case", kwargs=_pk,
                  method="POST", data=lambda case: {"key": "x"}, ok=(400,))
register_endpoint("cases:case_correct", kind="change", action=VIEW, target="case", kwargs=_pk,
                  method="POST", data=lambda case: {"reason": MARK}, ok=(400,))
register_endpoint(
    "cases:case_person_add", kind="change", action=CHANGE, target="case", kwargs=_pk,
    method="POST", data=_person_data,
    effect=lambda case: case.reported_persons.filter(name=MARK).exists(),
)
register_endpoint(
    "cases:case_person_nip", kind="change", action=CHANGE, target="case", kwargs=_pk,
    method="POST", data=lambda case: {"person": _first_person(case).pk, "nip": NIP},
    effect=lambda case: _first_person(case).nip == NIP,
)
register_endpoint(
    "cases:case_witness_add", kind="change", action=CHANGE, roles=HANDLERS, target="case",
    kwargs=_pk, method="POST", data=lambda case: {"name": MARK},
    effect=lambda case: case.witnesses.exists(),
)
register_endpoint(
    "cases:case_conflict", kind="change", action=VIEW, target="case", kwargs=_pk,
    method="POST", data=lambda case: {"relation": MARK},
    effect=lambda case: case.conflicts.filter(relation=MARK).exists(),
)
# Without a chosen office the hand-over form answers 400 on the case page (who may hand over is
# in the case tests); the matrix checks that nobody outside the case reaches it.
register_endpoint("cases:case_handover", kind="change", action=VIEW, target="case", kwargs=_pk,
                  method="POST", data=lambda case: {"reason": MARK}, ok=(400,))
register_endpoint("cases:case_link", kind="change", action=CHANGE, target="case", kwargs=_pk,
                  method="POST", data=lambda case: {"other": case.pk, "reason": MARK}, ok=(400,))
register_endpoint(
    "cases:evidence_upload", kind="change", action=CHANGE, roles=UPLOADERS, target="case",
    kwargs=_pk, method="POST", data=_evidence_file,
    effect=lambda case: case.evidence.filter(description=MARK).exists(),
)
register_endpoint("cases:evidence_download", kind="file", action=VIEW, roles=EVIDENCE_VIEWERS,
                  target="evidence", kwargs=_pk)
register_endpoint(
    "cases:document_generate", kind="change", action=CHANGE, roles=UPLOADERS, target="case",
    kwargs=_pk, method="POST",
    data=lambda case: {"kind": DocumentKind.STATUS_ANNOUNCEMENT, "format": "pdf"},
    effect=lambda case: case.documents.filter(kind=DocumentKind.STATUS_ANNOUNCEMENT).exists(),
)
register_endpoint("cases:document_download", kind="file", action=VIEW, roles=EVIDENCE_VIEWERS,
                  target="document", kwargs=_pk)
# Documents of record (the matrix's files are plain text: refused by content, 400 when allowed).
register_endpoint("cases:document_upload", kind="change", action=CHANGE, roles=UPLOADERS,
                  target="case", kwargs=_pk, method="POST", data=_evidence_file, ok=(400,))
register_endpoint("cases:document_complete", kind="change", action=CHANGE, roles=UPLOADERS,
                  target="generated_document", kwargs=_pk, label="form")
register_endpoint("cases:document_finalise", kind="change", action=CHANGE, roles=UPLOADERS,
                  target="generated_document", kwargs=_pk, method="POST", ok=(400,))
register_endpoint("cases:document_download", kind="file", action=VIEW, roles=EVIDENCE_VIEWERS,
                  target="generated_document", kwargs=_pk, label="generated")
# The inbox answers 200 to everyone: empty for those no recommendation is sent to.
register_endpoint("cases:inbox", kind="list", action=RESPOND, target="recommendation",
                  denied=200)
register_endpoint("cases:recommendation_detail", kind="detail", action=RESPOND,
                  target="recommendation", kwargs=_pk)
register_endpoint(
    "cases:recommendation_detail", kind="change", action=RESPOND, target="recommendation",
    kwargs=_pk, method="POST", data=lambda rec: {"action": "acknowledge"},
    effect=lambda rec: rec.status == "acknowledged", label="acknowledge",
)
# Composing the recommendation letter: the case's handlers reach it (a case not yet decided as
# a violation sends them back to the case page); the letter itself is in the letter tests.
register_endpoint("cases:recommendation_compose", kind="detail", action=CHANGE, roles=HANDLERS,
                  target="case", kwargs=_pk, ok=(302,))
register_unscoped("cases:case_create", "a form; the office is checked by open_case (case tests)")
register_unscoped("cases:statistics", "aggregates only, narrowed by visible_to (statistics tests)")

# --- API ---------------------------------------------------------------------------------------
register_endpoint("api:list_cases", kind="api_list", action=VIEW, target="case")
register_endpoint("api:get_case", kind="api_detail", action=VIEW, target="case",
                  kwargs=_case_id)
register_endpoint(
    "api:update_case", kind="api_change", action=CHANGE, roles=SUPERVISORS, target="case",
    kwargs=_case_id, method="PATCH",
    data=lambda case: {"version": case.version, "description": MARK},
    effect=lambda case: case.description == MARK,
)
register_endpoint(
    "api:transition_case", kind="api_change", action=CHANGE, roles=HANDLERS, target="case",
    kwargs=lambda case: {"case_id": case.pk, "name": "start_check"}, method="POST",
    data=lambda case: {"version": case.version, "note": MARK}, refused=409,
    effect=lambda case: case.status == "under_check",
)
register_endpoint("api:extend_deadline", kind="api_change", action=CHANGE, roles=HANDLERS,
                  target="case", kwargs=_case_id, method="POST",
                  data=lambda case: {"reason": MARK}, ok=(200, 400, 409))
register_endpoint(
    "api:set_violation_types", kind="api_change", action=CHANGE, roles=HANDLERS, target="case",
    kwargs=_case_id, method="PUT",
    data=lambda case: {"category": "non_stage_asn", "violation_type_ids": _violation_ids()},
    effect=lambda case: case.category == "non_stage_asn",
)
register_endpoint(
    "api:add_reported_person", kind="api_change", action=CHANGE, target="case",
    kwargs=_case_id, method="POST", data=_person_data,
    effect=lambda case: case.reported_persons.filter(name=MARK).exists(),
)
register_endpoint(
    "api:complete_nip", kind="api_change", action=CHANGE, target="person",
    kwargs=lambda person: {"person_id": person.pk}, method="PATCH",
    data=lambda person: {"nip": NIP},
    effect=lambda person: person.nip == NIP,
)
register_endpoint("api:list_recommendations", kind="api_list", action=RESPOND,
                  target="recommendation", denied=200)
register_endpoint("api:get_recommendation", kind="api_detail", action=RESPOND,
                  target="recommendation", kwargs=_rec_id)
register_endpoint(
    "api:acknowledge_recommendation", kind="api_change", action=RESPOND,
    target="recommendation", kwargs=_rec_id, method="POST", data=lambda rec: {},
    effect=lambda rec: rec.status == "acknowledged",
)
register_endpoint(
    "api:record_sanction", kind="api_change", action=RESPOND, target="recommendation",
    kwargs=_rec_id, method="POST",
    data=lambda rec: {"answer": MARK, "sanctions": [
        {"reported_person_id": p.pk, "sanction_type": "moderate", "decree_number": "800/1",
         "decree_date": str(timezone.localdate())} for p in rec.case.reported_persons.all()]},
    effect=lambda rec: rec.status == "sanctioned", ok=(200, 409),
)
register_endpoint(
    "api:record_refusal", kind="api_change", action=RESPOND, target="recommendation",
    kwargs=_rec_id, method="POST", data=lambda rec: {"answer": MARK},
    effect=lambda rec: rec.status == "refused", ok=(200, 409),
)
register_unscoped("api:create_case", "creation; the office is checked by open_case (API tests)")
