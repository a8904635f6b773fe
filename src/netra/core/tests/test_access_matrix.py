"""The access matrix: role × target position × action, through real HTTP requests.

Expectations are derived from ``accounts.roles.ROLE_TABLE`` and the geometry of the Kemendagri
codes, never re-declared by hand. The user sits in an office at Kota Serang (36.73) or at the
national level; targets sit at the same region, a child district, a sibling regency and the
parent province. Viewing needs ``view``; changing an organisation needs ``administer``;
exporting needs ``export``. Anything out of scope answers 404, exactly like a missing row.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from netra.accounts.roles import KIND_ROLES, ROLE_TABLE
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.orgs.permissions import OrgAction

# Where the user's own office sits, with the kinds to try in order (the first one whose
# KIND_ROLES allow the role is used: recipient officers land in a BKPSDM / BKN).
HOMES = {
    "regency": ("36.73", [OrgKind.BAWASLU_REGENCY, OrgKind.BKPSDM]),
    "national": ("", [OrgKind.BAWASLU_RI, OrgKind.CIVIL_SERVICE_BODY]),
}

# Target organisations, relative to Kota Serang (36.73).
POSITIONS = {
    "own": ("36.73", OrgKind.KPU),
    "child": ("36.73.01", OrgKind.PANWASCAM),
    "sibling": ("36.04", OrgKind.BAWASLU_REGENCY),
    "parent": ("36", OrgKind.BAWASLU_PROVINCE),
}

ACTIONS = {"view": OrgAction.VIEW, "change": OrgAction.ADMINISTER}


def within(code: str, prefix: str) -> bool:
    return prefix == "" or code == prefix or code.startswith(prefix + ".")


def allowed(role: str, action: str, home_code: str, target_code: str) -> bool:
    spec = ROLE_TABLE[role]
    return spec.geographic and action in spec.actions and within(target_code, home_code)


def home_kind(role: str, kinds: list[str]) -> str:
    return next(kind for kind in kinds if role in KIND_ROLES[kind])


def csv_names(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[0] for row in csv.reader(io.StringIO(text))][1:]


@pytest.mark.parametrize("home", list(HOMES))
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize("role", [str(r) for r in ROLE_TABLE])
def test_access_matrix(client, member, org_factory, role, position, action, home):
    home_code, kinds = HOMES[home]
    user = member(role, home_code, kind=home_kind(role, kinds))
    target_code, target_kind = POSITIONS[position]
    target = org_factory(target_code, target_kind, name=f"Sasaran {position} {target_kind}")
    client.force_login(user)
    detail = reverse("orgs:organisation_detail", args=[target.pk])
    api = f"/api/v1/organisations/{target.pk}"

    if action == "view":
        visible = allowed(role, OrgAction.VIEW, home_code, target_code)
        status = 200 if visible else 404

        assert client.get(detail).status_code == status

        listing = client.get(reverse("orgs:organisation_list"))
        assert listing.status_code == 200
        assert (target.name in listing.content.decode()) is visible

        response = client.get(api)
        assert response.status_code == status
        if visible:
            assert response.json()["name"] == target.name

        export = client.get(reverse("orgs:organisation_list"), {"format": "csv"})
        if OrgAction.EXPORT in ROLE_TABLE[role].actions:
            assert export.status_code == 200
            exportable = allowed(role, OrgAction.EXPORT, home_code, target_code)
            assert (target.name in csv_names(export)) is exportable
        else:
            assert export.status_code == 404

        # Assignment access: every member sees their own organisation, whatever the role.
        own = reverse("orgs:organisation_detail", args=[user.organisation.pk])
        assert client.get(own).status_code == 200
    else:
        may_change = allowed(role, OrgAction.ADMINISTER, home_code, target_code)
        status = 200 if may_change else 404
        edit = reverse("orgs:organisation_update", args=[target.pk])
        old_name = target.name

        assert client.get(edit).status_code == status

        response = client.post(edit, {"name": "Nama baru"})
        target.refresh_from_db()
        if may_change:
            assert response.status_code == 302
            assert target.name == "Nama baru"
        else:
            assert response.status_code == 404
            assert target.name == old_name

        response = client.patch(
            api, json.dumps({"phone": "0254-200300"}), content_type="application/json"
        )
        target.refresh_from_db()
        assert response.status_code == status
        assert (target.phone == "0254-200300") is may_change
        assert Organisation.objects.filter(name="Nama baru").count() == int(may_change)
