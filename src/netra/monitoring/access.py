"""Monitoring's scoped endpoints, for the access matrix (``netra.core.access``).

Import this module from ``MonitoringConfig.ready`` once the matrix's world places one monitoring
hit (target ``"monitoring_hit"``: a ``Hit`` whose ``region_code`` is the position's region, with its
account and post) per position; until then ``monitoring`` stays in ``PENDING_MODULES``."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import MonitoringAction

VIEW = MonitoringAction.VIEW
TRIAGE = MonitoringAction.TRIAGE


def _pk(hit) -> dict:
    return {"pk": hit.pk}


register_target("monitoring_hit", view_action=VIEW)

register_endpoint("monitoring:hit_list", kind="list", action=VIEW, target="monitoring_hit",
                  query={"status": ""})
register_endpoint("monitoring:hit_detail", kind="detail", action=VIEW, target="monitoring_hit",
                  kwargs=_pk)
register_endpoint(
    "monitoring:hit_dismiss", kind="change", action=TRIAGE, target="monitoring_hit", kwargs=_pk,
    method="POST", data=lambda hit: {"reason": "matrix"},
    effect=lambda hit: hit.status == "dismissed",
)
register_unscoped("monitoring:hit_confirm",
                  "opens a case through the intake port; same scope check as hit_dismiss "
                  "(tested in monitoring/tests/test_triage.py)")
register_unscoped("monitoring:account_list", "lists only visible_to(user, monitoring.view)")
register_unscoped("monitoring:dashboard", "counts only visible_to(user, monitoring.view) hits")
register_unscoped("monitoring:import", "a form; each row's region is checked by the importer")
register_unscoped("monitoring:lexicon", "election lexicon: not jurisdiction-bound")
