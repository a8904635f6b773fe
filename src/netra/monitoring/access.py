"""Monitoring's scoped endpoints, for the access matrix (``netra.core.access``).

Imported from ``MonitoringConfig.ready``; ``tests/access_world.place`` puts one hit (target
``"monitoring_hit"``) and its account (target ``"monitoring_account"``) at each position."""

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
register_target("monitoring_account", view_action=VIEW)
register_endpoint("monitoring:account_list", kind="list", action=VIEW,
                  target="monitoring_account")
register_unscoped("monitoring:dashboard", "counts only visible_to(user, monitoring.view) hits")
register_unscoped("monitoring:import", "a form; each row's region is checked by the importer")
register_unscoped("monitoring:lexicon", "election lexicon: not jurisdiction-bound")
