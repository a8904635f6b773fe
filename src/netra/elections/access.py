"""Elections' scoped endpoints, for the access matrix (``netra.core.access``)."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import ElectionAction

register_target(
    "election", view_action=ElectionAction.VIEW, assigned_actions={ElectionAction.VIEW},
    assignment="national elections and those of the regions containing one's jurisdiction, "
               "for viewing",
)

register_endpoint("elections:election_list", kind="list", action=ElectionAction.VIEW,
                  target="election")
register_endpoint("elections:election_detail", kind="detail", action=ElectionAction.VIEW,
                  target="election", kwargs=lambda election: {"pk": election.pk})
register_endpoint("api:list_elections", kind="api_list", action=ElectionAction.VIEW,
                  target="election")
register_endpoint("api:get_election", kind="api_detail", action=ElectionAction.VIEW,
                  target="election", kwargs=lambda election: {"election_id": election.pk})
register_unscoped("elections:election_create", "a form; the region is checked by the service")
