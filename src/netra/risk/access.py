"""The risk module's scoped endpoints, for the access matrix (``netra.core.access``).

Methods, scores, evaluations and reports carry the owning office's region (a score: its
region); ``tests/access_world`` places one of each at every position. The index page and its
GeoJSON take a method and an election in the query string and read scores and boundaries
through the same ``visible_to``; they are declared unscoped with that reason."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import RiskAction

VIEW = RiskAction.VIEW
CHANGE = RiskAction.CHANGE


def _pk(obj) -> dict:
    return {"pk": obj.pk}


for _target in ("index_method", "index_score", "evaluation", "comprehensive_report"):
    register_target(_target, view_action=VIEW)

register_endpoint("risk:method_detail", kind="detail", action=VIEW, target="index_method",
                  kwargs=_pk)
register_endpoint("risk:method_update", kind="change", action=CHANGE, target="index_method",
                  kwargs=_pk, method="POST")
register_endpoint("risk:method_import", kind="change", action=CHANGE, target="index_method",
                  kwargs=_pk, method="POST")
register_endpoint(
    "risk:method_new_version", kind="change", action=CHANGE, target="index_method", kwargs=_pk,
    method="POST", effect=lambda m: type(m).objects.filter(key=m.key, version__gt=m.version)
    .exists(),
)
register_endpoint("risk:score_detail", kind="detail", action=VIEW, target="index_score",
                  kwargs=_pk)
register_endpoint("risk:evaluation_list", kind="list", action=VIEW, target="evaluation")
register_endpoint("risk:evaluation_detail", kind="detail", action=VIEW, target="evaluation",
                  kwargs=_pk)
register_endpoint(
    "risk:evaluation_action_add", kind="change", action=CHANGE, target="evaluation",
    kwargs=_pk, method="POST",
    data=lambda e: {"description": "MXM tindakan", "owner": "Ketua", "due_on": "2024-12-01"},
    effect=lambda e: e.actions.filter(description="MXM tindakan").exists(),
)
register_endpoint(
    "risk:evaluation_action_status", kind="change", action=CHANGE, target="evaluation",
    kwargs=lambda e: {"pk": e.pk, "action_pk": e.actions.order_by("pk").first().pk},
    method="POST", data=lambda e: {"status": "done"},
    effect=lambda e: e.actions.order_by("pk").first().status == "done",
)
register_endpoint("risk:report_list", kind="list", action=VIEW, target="comprehensive_report")
register_endpoint("risk:report_download", kind="file", action=VIEW,
                  target="comprehensive_report", kwargs=lambda r: {"pk": r.pk, "fmt": "pdf"})

for _name, _reason in {
    "risk:index": "ranked table: scores of the chosen method through "
                  "IndexScore.objects.visible_to(user, risk.view)",
    "risk:map_data": "GeoJSON of the boundaries and scores through the same visible_to",
    "risk:boundary_list": "boundary counts per level through Boundary.objects.visible_to",
    "risk:method_compute": "the same method check as risk:method_update (visible_to with "
                           "risk.change); an invalid election answers 404 for everyone",
}.items():
    register_unscoped(_name, _reason)
