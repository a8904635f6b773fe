"""Organisations' scoped endpoints, for the access matrix (``netra.core.access``)."""

from netra.core.access import register_endpoint, register_target

from .permissions import OrgAction

MARK = "Nama baru dari matriks akses"


def _pk(org) -> dict:
    return {"pk": org.pk}


register_target(
    "organisation", view_action=OrgAction.VIEW, assigned_actions={"*"},
    assignment="every member sees (and, with the role, acts on) their own organisation",
)

register_endpoint("orgs:organisation_list", kind="list", action=OrgAction.VIEW,
                  target="organisation")
register_endpoint("orgs:organisation_list", kind="export", action=OrgAction.EXPORT,
                  target="organisation", query={"format": "csv"}, label="csv")
register_endpoint("orgs:organisation_detail", kind="detail", action=OrgAction.VIEW,
                  target="organisation", kwargs=_pk)
register_endpoint("orgs:organisation_update", kind="change", action=OrgAction.ADMINISTER,
                  target="organisation", kwargs=_pk, label="form")
register_endpoint("orgs:organisation_update", kind="change", action=OrgAction.ADMINISTER,
                  target="organisation", kwargs=_pk, method="POST",
                  data=lambda org: {"name": MARK}, effect=lambda org: org.name == MARK)
register_endpoint("orgs:organisation_create", kind="change", action=OrgAction.ADMINISTER,
                  target="organisation", kwargs=_pk, label="form")
register_endpoint("api:list_organisations", kind="api_list", action=OrgAction.VIEW,
                  target="organisation")
register_endpoint("api:get_organisation", kind="api_detail", action=OrgAction.VIEW,
                  target="organisation", kwargs=_pk)
register_endpoint("api:update_organisation", kind="api_change", action=OrgAction.ADMINISTER,
                  target="organisation", kwargs=_pk, method="PATCH",
                  data=lambda org: {"phone": "0254-200300"},
                  effect=lambda org: org.phone == "0254-200300")
