"""Reads about users and memberships."""

import pytest
from django.db import IntegrityError, transaction

from netra.accounts import selectors
from netra.accounts.models import Membership
from netra.accounts.permissions import AccountAction
from netra.accounts.roles import ROLE_TABLE, Role, is_geographic, role_allows
from netra.accounts.tests.factories import MembershipFactory, UserFactory
from netra.core.scoping import Grant


def test_active_grants_ignore_ended_memberships(member, org_factory):
    user = member("administrator", "36.73")
    ended = org_factory("36.04")
    Membership.objects.create(user=user, organisation=ended, role="analyst", is_active=False)
    assert selectors.active_grants(user) == [
        Grant(
            user.organisation.pk,
            "36.73",
            "administrator",
            actions=ROLE_TABLE["administrator"].actions,
        )
    ]


def test_primary_membership_is_the_widest(member, org_factory):
    user = member("field_supervisor", "36.73.01")
    wider = org_factory("36")
    Membership.objects.create(user=user, organisation=wider, role="analyst")
    assert selectors.primary_membership(user).organisation == wider
    assert selectors.primary_membership(UserFactory()) is None


def test_membership_list_is_scoped(member, org_factory):
    user = member("analyst", "36.73")
    MembershipFactory(organisation=org_factory("36.73.01"), role="field_supervisor")
    MembershipFactory(organisation=org_factory("36.04"), role="analyst")
    regions = [m.organisation.region_code for m in selectors.membership_list(user=user)]
    assert regions == ["36.73", "36.73.01"]
    assert selectors.membership_list(user=user, action=AccountAction.ADMINISTER).count() == 0


def test_email_is_unique_regardless_of_case(db):
    UserFactory(email="rina@bawaslu.example.id")
    UserFactory(email="")
    UserFactory(email="")  # empty addresses do not collide
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="RINA@bawaslu.example.id")


def test_role_table_covers_every_role():
    assert set(ROLE_TABLE) == set(Role.values)
    assert all(AccountAction.VIEW in spec.actions for spec in ROLE_TABLE.values())
    assert role_allows(Role.ADMINISTRATOR, AccountAction.ADMINISTER)
    assert not role_allows(Role.ANALYST, AccountAction.ADMINISTER)
    assert not role_allows(Role.PREVENTION_STAFF, "cases.change")
    assert role_allows(Role.HANDLING_STAFF, "cases.change")
    assert not role_allows("unknown", AccountAction.VIEW)
    assert not is_geographic(Role.RECIPIENT_OFFICER)
    assert is_geographic(Role.FIELD_SUPERVISOR)
