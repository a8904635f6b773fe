"""The portal's scoped endpoints, for the access matrix (``netra.core.access``).

The office side (inbox, a submission's thread, a reporter's file) is jurisdiction-bound: a
submission's region is the place of the event. The reporter side is reached with the receipt
code, which grants one submission to one browser (signed cookie, ``grants``; tested in
``portal/tests``), and the rest is public."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import PortalAction

RESPOND = PortalAction.RESPOND

register_target("portal_submission", view_action=RESPOND)
register_target("portal_file", view_action=RESPOND)

register_endpoint("portal:inbox", kind="list", action=RESPOND, target="portal_submission")
register_endpoint("portal:inbox_detail", kind="detail", action=RESPOND,
                  target="portal_submission", kwargs=lambda s: {"pk": s.pk})
register_endpoint(
    "portal:inbox_detail", kind="change", action=RESPOND, target="portal_submission",
    kwargs=lambda s: {"pk": s.pk}, method="POST", label="answer",
    data=lambda s: {"body": "MXM jawaban kantor"},
    effect=lambda s: s.messages.filter(sender="office").exists(),
)
register_endpoint("portal:inbox_file", kind="file", action=RESPOND, target="portal_file",
                  kwargs=lambda f: {"file_pk": f.pk})

for _name, _reason in {
    "portal:home": "public portal page",
    "portal:ping": "public keep-alive of the report form",
    "portal:report": "public report form",
    "portal:receipt_pdf": "the reporter's own receipt, from the session that just reported",
    "portal:status_lookup": "public form asking for a receipt code",
    "portal:status": "reporter's page: the receipt code grants this one submission to the browser",
    "portal:reveal_identity": "reporter's page, same receipt-code grant as portal:status",
    "portal:reporter_file": "reporter's page, same receipt-code grant as portal:status",
    "portal:transparency": "public aggregate figures, no names",
    "portal:region_picker": "public region tree (names of regions only)",
    "portal:region_search": "public region search (names of regions only)",
}.items():
    register_unscoped(_name, _reason)
