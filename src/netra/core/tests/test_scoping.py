"""The scoping mechanism itself: every jurisdiction-bound model has it, and it narrows correctly."""

import pytest
from django.apps import apps
from django.db.models import Q

from netra.accounts.models import Membership
from netra.accounts.roles import is_geographic, role_actions
from netra.core.scoping import (
    Grant,
    Scope,
    can,
    get_scope,
    may,
    region_within,
    reset_scope,
    subtree_q,
)
from netra.orgs.models import Organisation


def grant(org_id: int, region: str, role: str, supervisory: bool = True) -> Grant:
    return Grant(
        org_id,
        region,
        role,
        supervisory=supervisory,
        actions=role_actions(role),
        geographic=is_geographic(role),
    )


def netra_models():
    return [m for m in apps.get_models() if m.__module__.startswith("netra.")]


def test_netra_models_are_found():
    names = {m._meta.label for m in netra_models()}
    assert {"orgs.Organisation", "accounts.Membership", "regions.Region"} <= names


def test_every_model_with_region_code_has_a_scoped_manager():
    missing = []
    for model in netra_models():
        field_names = {f.name for f in model._meta.concrete_fields}
        if "region_code" not in field_names:
            continue
        for manager in model._meta.managers:
            if not callable(getattr(manager, "visible_to", None)):
                missing.append(f"{model._meta.label}.{manager.name}")
        if not callable(getattr(model._default_manager, "visible_to", None)):
            missing.append(f"{model._meta.label} (default manager)")
    assert missing == [], f"models with region_code but no visible_to: {missing}"


def test_region_within_is_a_segment_prefix():
    assert region_within("36.73.01", "36.73")
    assert region_within("36.73", "36.73")
    assert region_within("36.73", "")
    assert not region_within("36.04", "36.73")
    assert not region_within("36", "36.73")
    assert not region_within("36.731", "36.73")


def test_subtree_q():
    assert subtree_q("") == Q()
    assert subtree_q("36.73") == Q(region_code__subtree="36.73")
    assert subtree_q("36", "organisation__region_code") == Q(
        organisation__region_code__subtree="36"
    )


def test_subtree_lookup_matches_exactly_the_subtree_on_every_backend(regions):
    from netra.regions.models import Region

    codes = set(Region.objects.filter(code__subtree="36.73").values_list("code", flat=True))
    assert codes == {c for c in regions if c == "36.73" or c.startswith("36.73.")}
    # Case-sensitive, literal match: GLOB/LIKE wildcards in the value are not wildcards.
    assert not Region.objects.filter(code__subtree="36.7*").exists()
    assert not Region.objects.filter(code__subtree="36.7_").exists()


def test_scope_collapses_nested_prefixes():
    scope = Scope(
        grants=[
            grant(1, "36.73.01", "administrator"),
            grant(2, "36.73", "analyst"),
            grant(3, "36.04", "recipient_officer"),
            grant(4, "32", "administrator", supervisory=False),
        ]
    )
    assert scope.prefixes("orgs.view") == ["36.73"]
    assert scope.prefixes("orgs.administer") == ["36.73.01"]
    assert scope.prefixes("orgs.export") == ["36.73"]
    # A recipient officer's view is by assignment (organisation ids), not geography.
    assert scope.organisation_ids("orgs.view") == [1, 2, 3, 4]
    assert scope.organisation_ids("orgs.administer") == [1, 4]
    assert not scope.is_national("orgs.view")
    assert Scope(grants=[grant(1, "", "analyst")]).is_national("orgs.view")


def test_anonymous_and_inactive_users_see_nothing(org_factory, member, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    org_factory("36.73")
    assert Organisation.objects.visible_to(AnonymousUser(), "orgs.view").count() == 0
    user = member("administrator", "")
    assert (
        Organisation.objects.visible_to(user, "orgs.view").count() == Organisation.objects.count()
    )
    user.is_active = False
    reset_scope(user)
    assert Organisation.objects.visible_to(user, "orgs.view").count() == 0


def test_superuser_sees_everything(org_factory, django_user_model):
    org_factory("36.04")
    root = django_user_model.objects.create_superuser("root", "root@example.id", "pw-x-12345")
    assert Organisation.objects.visible_to(root, "orgs.administer").count() == 1
    assert may(root, "orgs.export")


def test_two_memberships_union(member, org_factory):
    user = member("field_supervisor", "36.73.01")
    other = org_factory("36.04")
    Membership.objects.create(user=user, organisation=other, role="analyst")
    reset_scope(user)
    assert can(user, "orgs.view", other)
    assert not can(user, "cases.change", other)
    assert can(user, "cases.change", user.organisation)
    assert get_scope(user).prefixes("orgs.view") == ["36.04", "36.73.01"]


def test_ended_membership_gives_no_access(member, org_factory):
    user = member("administrator", "36.73")
    target = org_factory("36.73.01")
    assert can(user, "orgs.view", target)
    Membership.objects.filter(user=user).update(is_active=False)
    reset_scope(user)
    assert not can(user, "orgs.view", target)
    assert not may(user, "orgs.view")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("administrator", True), ("analyst", True), ("field_supervisor", False)],
)
def test_may_reflects_role_table(member, role, expected):
    assert may(member(role, "36.73"), "orgs.export") is expected


def test_recipient_body_administrator_has_no_geographic_scope(member, org_factory):
    """A BKPSDM administrator manages the BKPSDM's own staff, not Kota Serang's offices."""
    from netra.accounts.services import add_membership
    from netra.accounts.tests.factories import UserFactory
    from netra.core.exceptions import OutOfScope
    from netra.orgs.choices import OrgKind
    from netra.orgs.services import create_organisation

    admin = member("administrator", "36.73", kind=OrgKind.BKPSDM)
    bawaslu = org_factory("36.73")
    org_factory("36.73.01")
    assert get_scope(admin).prefixes("orgs.view") == []
    assert list(Organisation.objects.visible_to(admin, "orgs.view")) == [admin.organisation]
    assert not can(admin, "orgs.view", bawaslu)
    assert can(admin, "orgs.administer", admin.organisation)

    colleague = UserFactory()
    add_membership(
        actor=admin, user=colleague, organisation=admin.organisation, role="recipient_officer"
    )
    assert set(
        Membership.objects.visible_to(admin, "accounts.view").values_list("user_id", flat=True)
    ) == {
        admin.pk,
        colleague.pk,
    }
    with pytest.raises(OutOfScope):
        add_membership(actor=admin, user=UserFactory(), organisation=bawaslu, role="analyst")
    with pytest.raises(OutOfScope):
        create_organisation(
            actor=admin, name="Panwaslu X", kind=OrgKind.PANWASCAM, region_code="36.73.05"
        )


def test_child_rows_are_scoped_through_their_parent(member, org_factory):
    """Evidence, documents, recommendations and reporters have no region: they follow their
    case, with the case's roles, assignment and conflict-of-interest rules."""
    from netra.cases.models import Evidence, Reporter
    from netra.cases.tests.factories import CaseFactory

    own = CaseFactory(office=org_factory("36.73.01", "panwascam"))
    other = CaseFactory(office=org_factory("36.04", "bawaslu_regency"))
    mine = Reporter.objects.create(case=own, name="Pelapor A")
    theirs = Reporter.objects.create(case=other, name="Pelapor B")
    handler = member("handling_staff", "36.73")
    prevention = member("prevention_staff", "36.73")

    assert can(handler, "cases.change", mine)
    assert not can(handler, "cases.change", theirs)
    assert list(Reporter.objects.visible_to(handler, "cases.view")) == [mine]
    # Prevention staff see the case but may not handle it, nor its child rows.
    assert can(prevention, "cases.view", mine)
    assert not can(prevention, "cases.change", mine)
    # A workflow step's roles narrow the child rows exactly as they narrow the case.
    assert not can(handler, "cases.change", mine, roles=frozenset({"commissioner"}))
    assert Evidence.objects.visible_to(prevention, "cases.change").count() == 0
