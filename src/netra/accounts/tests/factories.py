"""Factories for users, memberships and API tokens (Faker ``id_ID`` names)."""

import factory

from netra.accounts.models import Membership, User
from netra.accounts.roles import Role
from netra.orgs.tests.factories import OrganisationFactory

PASSWORD = "pw-for-tests-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose password is ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@bawaslu.example.id")
    language = "id"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role in an organisation (default: administrator of a Kota Serang office)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ADMINISTRATOR
    is_active = True
