"""Account services: users, memberships, language and API tokens — success and each refusal."""

import hashlib

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from netra.accounts import services
from netra.accounts.models import ApiToken, Membership, User
from netra.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can
from netra.orgs.choices import OrgKind
from netra.orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(member):
    return member("administrator", "36.73")


def new_user(actor=None, **kwargs):
    params = {
        "username": "rina.marlina",
        "email": "rina@bawaslu.example.id",
        "full_name": "Rina Marlina",
        "password": "Tegas-Netral-2024",
    }
    params.update(kwargs)
    return services.create_user(actor=actor, **params)


class TestCreateUser:
    def test_creates_user_with_a_first_membership(self, admin):
        user = new_user(
            admin,
            email=" Rina@Bawaslu.Example.ID ",
            organisation=admin.organisation,
            role="handling_staff",
            language="en",
        )
        user.refresh_from_db()
        assert user.email == "rina@bawaslu.example.id"
        assert user.language == "en"
        assert user.check_password("Tegas-Netral-2024")
        membership = Membership.objects.get(user=user)
        assert (membership.organisation, membership.role, membership.is_active) == (
            admin.organisation,
            "handling_staff",
            True,
        )
        assert can(user, "cases.change", admin.organisation)

    def test_without_password_the_account_cannot_sign_in(self):
        user = new_user(password=None)
        assert not user.has_usable_password()

    def test_username_is_required(self):
        with pytest.raises(ValidationError) as exc:
            new_user(username="   ")
        assert "username" in exc.value.message_dict

    def test_duplicate_username_is_refused_case_insensitively(self):
        UserFactory(username="Rina.Marlina")
        with pytest.raises(ValidationError) as exc:
            new_user(email="other@bawaslu.example.id")
        assert list(exc.value.message_dict) == ["username"]
        assert User.objects.count() == 1

    def test_duplicate_email_is_refused_case_insensitively(self):
        UserFactory(username="someone", email="rina@bawaslu.example.id")
        with pytest.raises(ValidationError) as exc:
            new_user(email="RINA@bawaslu.example.id")
        assert list(exc.value.message_dict) == ["email"]
        assert User.objects.count() == 1

    def test_duplicate_username_and_email_both_reported(self):
        UserFactory(username="rina.marlina", email="rina@bawaslu.example.id")
        with pytest.raises(ValidationError) as exc:
            new_user()
        assert set(exc.value.message_dict) == {"username", "email"}

    def test_bad_email_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            new_user(email="rina@")
        assert list(exc.value.message_dict) == ["email"]
        assert not User.objects.exists()

    @pytest.mark.parametrize("password", ["12345678", "short", "password", "rina.marlina"])
    def test_weak_password_is_refused(self, password):
        with pytest.raises(ValidationError) as exc:
            new_user(password=password)
        assert list(exc.value.message_dict) == ["password"]
        assert exc.value.message_dict["password"]
        assert not User.objects.exists()

    def test_failed_membership_leaves_no_user(self, member):
        actor = member("administrator", "36.73", kind=OrgKind.BKPSDM)
        with pytest.raises(ValidationError) as exc:
            # A handling-staff role does not exist in a personnel agency.
            new_user(actor, organisation=actor.organisation, role="handling_staff")
        assert "role" in exc.value.message_dict
        assert not User.objects.filter(username="rina.marlina").exists()
        assert not LogEntry.objects.filter(object_repr__icontains="rina").exists()

    def test_actor_outside_the_jurisdiction_leaves_no_user(self, admin, org_factory):
        elsewhere = org_factory("36.04")
        with pytest.raises(OutOfScope):
            new_user(admin, organisation=elsewhere, role="analyst")
        assert not User.objects.filter(username="rina.marlina").exists()


class TestAddMembership:
    def test_adds_a_role(self, admin, org_factory):
        panwascam = org_factory("36.73.05")
        person = UserFactory()
        membership = services.add_membership(
            actor=admin, user=person, organisation=panwascam, role="field_supervisor"
        )
        assert membership.is_active
        assert can(person, "orgs.view", panwascam)

    def test_role_not_allowed_for_the_kind(self, admin):
        kpu = OrganisationFactory(region_code="36.73", kind=OrgKind.KPU)
        person = UserFactory()
        with pytest.raises(ValidationError) as exc:
            services.add_membership(actor=admin, user=person, organisation=kpu, role="commissioner")
        assert "role" in exc.value.message_dict
        assert not Membership.objects.filter(user=person).exists()

    def test_recipient_officer_not_allowed_in_a_bawaslu_office(self, admin):
        with pytest.raises(ValidationError):
            services.add_membership(
                actor=admin,
                user=UserFactory(),
                organisation=admin.organisation,
                role="recipient_officer",
            )

    def test_unknown_role(self, admin):
        with pytest.raises(ValidationError) as exc:
            services.add_membership(
                actor=admin, user=UserFactory(), organisation=admin.organisation, role="king"
            )
        assert "role" in exc.value.message_dict

    def test_actor_outside_the_jurisdiction(self, admin, org_factory):
        person = UserFactory()
        with pytest.raises(OutOfScope):
            services.add_membership(
                actor=admin, user=person, organisation=org_factory("36.04"), role="analyst"
            )
        assert not Membership.objects.filter(user=person).exists()

    def test_actor_without_administer(self, member):
        actor = member("commissioner", "36.73")
        with pytest.raises(OutOfScope):
            services.add_membership(
                actor=actor, user=UserFactory(), organisation=actor.organisation, role="analyst"
            )

    def test_duplicate_active_membership_is_refused(self, admin):
        person = UserFactory()
        services.add_membership(
            actor=admin, user=person, organisation=admin.organisation, role="analyst"
        )
        with pytest.raises(ValidationError) as exc:
            services.add_membership(
                actor=admin, user=person, organisation=admin.organisation, role="analyst"
            )
        assert "role" in exc.value.message_dict
        assert Membership.objects.filter(user=person).count() == 1

    def test_ended_membership_is_reactivated(self, admin):
        person = UserFactory()
        membership = services.add_membership(
            actor=admin, user=person, organisation=admin.organisation, role="analyst"
        )
        services.end_membership(actor=admin, membership=membership)
        again = services.add_membership(
            actor=admin, user=person, organisation=admin.organisation, role="analyst"
        )
        assert again.pk == membership.pk
        assert again.is_active
        assert can(person, "orgs.view", admin.organisation)


class TestEndMembership:
    def test_ends_and_removes_access(self, admin, org_factory):
        panwascam = org_factory("36.73.05")
        person = UserFactory()
        membership = services.add_membership(
            actor=admin, user=person, organisation=panwascam, role="field_supervisor"
        )
        assert can(person, "orgs.view", panwascam)
        services.end_membership(actor=admin, membership=membership)
        membership.refresh_from_db()
        assert not membership.is_active
        assert not can(person, "orgs.view", panwascam)

    def test_out_of_scope(self, admin, org_factory):
        membership = MembershipFactory(organisation=org_factory("36.04"), role="analyst")
        with pytest.raises(OutOfScope):
            services.end_membership(actor=admin, membership=membership)
        membership.refresh_from_db()
        assert membership.is_active

    def test_member_cannot_end_a_colleague(self, member):
        actor = member("handling_staff", "36.73")
        colleague = MembershipFactory(organisation=actor.organisation, role="analyst")
        with pytest.raises(OutOfScope):
            services.end_membership(actor=actor, membership=colleague)


class TestSetLanguage:
    def test_persists(self):
        user = UserFactory(language="id")
        services.set_language(user=user, language="en")
        user.refresh_from_db()
        assert user.language == "en"

    def test_unknown_language(self):
        user = UserFactory(language="id")
        with pytest.raises(ValidationError) as exc:
            services.set_language(user=user, language="xx")
        assert "language" in exc.value.message_dict
        user.refresh_from_db()
        assert user.language == "id"


class TestApiTokens:
    def test_key_is_stored_only_as_a_hash(self):
        user = UserFactory()
        token, key = services.create_api_token(user=user, name=" laptop ")
        token.refresh_from_db()
        assert token.name == "laptop"
        assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
        assert token.prefix == key[:8]
        stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
        assert key not in stored
        assert not any(key in str(e.changes) for e in LogEntry.objects.all())
        assert not any(token.key_hash in str(e.changes) for e in LogEntry.objects.all())

    def test_authenticate_and_revoke(self):
        user = UserFactory()
        token, key = services.create_api_token(user=user, name="ci")
        assert services.authenticate_api_token(key) == user
        token.refresh_from_db()
        assert token.last_used_at is not None
        assert services.authenticate_api_token(key + "x") is None
        services.revoke_api_token(user=user, token=token)
        assert services.authenticate_api_token(key) is None

    def test_inactive_user_cannot_authenticate(self):
        user = UserFactory()
        _token, key = services.create_api_token(user=user, name="ci")
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert services.authenticate_api_token(key) is None

    def test_cannot_revoke_someone_elses_token(self):
        owner, other = UserFactory(), UserFactory()
        token, key = services.create_api_token(user=owner, name="ci")
        with pytest.raises(OutOfScope):
            services.revoke_api_token(user=other, token=token)
        assert services.authenticate_api_token(key) == owner

    def test_bearer_on_the_api(self, client, member, org_factory):
        user = member("analyst", "36.73")
        org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        token, key = services.create_api_token(user=user, name="ci")
        headers = {"Authorization": f"Bearer {key}"}

        response = client.get("/api/v1/organisations/", headers=headers)
        assert response.status_code == 200
        assert response.json()["count"] == 2

        assert (
            client.get(
                "/api/v1/organisations/", headers={"Authorization": "Bearer wrong"}
            ).status_code
            == 401
        )
        services.revoke_api_token(user=user, token=token)
        assert client.get("/api/v1/organisations/", headers=headers).status_code == 401


def test_factory_password_works():
    assert UserFactory().check_password(PASSWORD)
