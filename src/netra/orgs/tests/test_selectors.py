"""Organisation reads are always narrowed to the requesting user."""

import pytest

from netra.accounts.roles import KIND_ROLES
from netra.orgs import selectors
from netra.orgs.choices import RECIPIENT_KINDS, SUPERVISORY_KINDS, OrgKind
from netra.orgs.models import Organisation


def test_organisation_list_filters_within_scope(member, org_factory):
    user = member("analyst", "36.73")
    org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    org_factory("36.73.05", name="Panwaslu Kecamatan Cipocok Jaya")
    org_factory("36.04.01", name="Panwaslu Kecamatan Cinangka")

    names = lambda qs: [o.name for o in qs]  # noqa: E731
    assert names(selectors.organisation_list(user=user, kind=OrgKind.PANWASCAM)) == [
        "Panwaslu Kecamatan Serang",
        "Panwaslu Kecamatan Cipocok Jaya",
    ]
    assert names(selectors.organisation_list(user=user, query="CIPOCOK")) == [
        "Panwaslu Kecamatan Cipocok Jaya"
    ]
    assert names(selectors.organisation_list(user=user, region="36.73.05")) == [
        "Panwaslu Kecamatan Cipocok Jaya"
    ]
    assert selectors.organisation_list(user=user, action="orgs.administer").count() == 0
    assert selectors.organisation_list(user=user, region="36.04").count() == 0


def test_organisation_get_hides_out_of_scope(member, org_factory):
    user = member("analyst", "36.73")
    inside, outside = org_factory("36.73.01"), org_factory("36.04")
    assert selectors.organisation_get(user=user, pk=inside.pk) == inside
    with pytest.raises(Organisation.DoesNotExist):
        selectors.organisation_get(user=user, pk=outside.pk)
    with pytest.raises(Organisation.DoesNotExist):
        selectors.organisation_get(user=user, pk=inside.pk, action="orgs.administer")


def test_kind_roles_keep_recipient_officers_out_of_supervisory_offices():
    assert set(OrgKind.values) == SUPERVISORY_KINDS | RECIPIENT_KINDS
    for kind in SUPERVISORY_KINDS:
        assert "recipient_officer" not in KIND_ROLES[kind]
        assert "handling_staff" in KIND_ROLES[kind]
    for kind in RECIPIENT_KINDS:
        assert KIND_ROLES[kind] == {"recipient_officer", "administrator"}
