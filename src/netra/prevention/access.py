"""Prevention's scoped endpoints, for the access matrix (``netra.core.access``).

Every top-level record belongs to an organiser office and carries that office's region
(banners and cadres: their village); files, letters, follow-ups and cadre entries are scoped
through their parent. Forms that create a record take the office from the user's choice and
check it in the service; they are declared unscoped with that reason. ``tests/access_world``
places one record of each target at each position."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import PreventionAction

VIEW = PreventionAction.VIEW
CHANGE = PreventionAction.CHANGE


def _pk(obj) -> dict:
    return {"pk": obj.pk}


def _pdf(obj) -> dict:
    return {"pk": obj.pk, "fmt": "pdf"}


for _target in ("activity", "activity_file", "recipient_list", "letter_run", "letter", "banner",
                "declaration", "agreement", "follow_up", "cadre", "cadre_entry", "budget_line"):
    register_target(_target, view_action=VIEW)

# Activities and their files.
register_endpoint("prevention:activity_list", kind="list", action=VIEW, target="activity")
register_endpoint("prevention:activity_detail", kind="detail", action=VIEW, target="activity",
                  kwargs=_pk)
register_endpoint("prevention:activity_update", kind="detail", action=CHANGE, target="activity",
                  kwargs=_pk, label="form")
register_endpoint(
    "prevention:activity_update", kind="change", action=CHANGE, target="activity", kwargs=_pk,
    method="POST", label="save", ok=(302,),
    data=lambda a: {"activity_type": a.activity_type, "title": "MXM changed",
                    "office": a.office_id, "starts_on": a.starts_on.isoformat(),
                    "ends_on": a.ends_on.isoformat(), "participants_count": 0},
    effect=lambda a: a.title == "MXM changed",
)
register_endpoint("prevention:activity_file", kind="detail", action=CHANGE, target="activity",
                  kwargs=_pk, label="form")
register_endpoint("prevention:activity_attendance", kind="detail", action=CHANGE,
                  target="activity", kwargs=_pk, label="form")
register_endpoint("prevention:activity_file_download", kind="file", action=VIEW,
                  target="activity_file", kwargs=_pk)

# Appeal letters.
register_endpoint("prevention:letters", kind="list", action=VIEW, target="recipient_list")
register_endpoint("prevention:recipient_list_detail", kind="detail", action=VIEW,
                  target="recipient_list", kwargs=_pk)
for _name in ("recipient_add", "recipient_import", "run_create"):
    register_endpoint(f"prevention:{_name}", kind="detail", action=CHANGE,
                      target="recipient_list", kwargs=_pk, label="form")
register_endpoint("prevention:run_detail", kind="detail", action=VIEW, target="letter_run",
                  kwargs=_pk)
register_endpoint(
    "prevention:run_mark", kind="change", action=CHANGE, target="letter_run", kwargs=_pk,
    method="POST",
    data=lambda run: {"letters": [run.letters.get().pk], "status": "sent",
                      "on": run.letter_date.isoformat()},
    effect=lambda run: run.letters.get().status == "sent",
)
register_endpoint("prevention:run_resume", kind="change", action=CHANGE, target="letter_run",
                  kwargs=_pk, method="POST")
register_endpoint("prevention:letter_download", kind="file", action=VIEW, target="letter",
                  kwargs=_pdf)

# Banners, declarations, agreements.
register_endpoint("prevention:banner_list", kind="list", action=VIEW, target="banner")
register_endpoint("prevention:banner_photo", kind="file", action=VIEW, target="banner",
                  kwargs=_pk)
register_endpoint("prevention:declaration_list", kind="list", action=VIEW, target="declaration")
register_endpoint("prevention:declaration_scan", kind="file", action=VIEW, target="declaration",
                  kwargs=_pk)
register_endpoint("prevention:follow_up_create", kind="detail", action=CHANGE,
                  target="agreement", kwargs=_pk, label="form")
register_endpoint(
    "prevention:follow_up_status", kind="change", action=CHANGE, target="follow_up",
    kwargs=_pk, method="POST", data=lambda f: {"status": "done"},
    effect=lambda f: f.status == "done",
)

# Cadres.
register_endpoint("prevention:cadre_list", kind="list", action=VIEW, target="cadre")
register_endpoint("prevention:cadre_detail", kind="detail", action=VIEW, target="cadre",
                  kwargs=_pk)
register_endpoint("prevention:cadre_entry_create", kind="detail", action=CHANGE,
                  target="cadre", kwargs=_pk, label="form")
register_endpoint("prevention:cadre_certificate", kind="detail", action=VIEW, target="cadre",
                  kwargs=_pdf, label="pdf")
register_endpoint("prevention:cadre_entry_raise", kind="change", action=CHANGE,
                  target="cadre_entry", kwargs=_pk, method="POST")

# Budget.
register_endpoint("prevention:budget_list", kind="list", action=VIEW, target="budget_line")
register_endpoint("prevention:budget_update", kind="detail", action=CHANGE,
                  target="budget_line", kwargs=_pk, label="form")

for _name, _reason in {
    "prevention:home": "dashboard: every figure counts visible_to(user, prevention.view) rows",
    "prevention:activity_calendar": "the activity list by month, through the same "
                                    "visible_to(user, prevention.view)",
    "prevention:activity_create": "a form; the organiser office is checked by the service",
    "prevention:recipient_list_create": "a form; the office is checked by the service",
    "prevention:banner_create": "a form; the office is checked by the service",
    "prevention:declaration_create": "a form; the office is checked by the service",
    "prevention:agreement_create": "a form; the office is checked by the service",
    "prevention:cadre_create": "a form; the office is checked by the service",
    "prevention:budget_create": "a form; the office is checked by the service",
    "prevention:budget_import": "a form; each row's office is checked by the importer",
}.items():
    register_unscoped(_name, _reason)
