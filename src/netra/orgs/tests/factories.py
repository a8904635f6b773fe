"""Factories for organisations (names and addresses from Faker's ``id_ID`` locale)."""

import factory

from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation

KIND_FOR_LEVEL = {
    0: OrgKind.BAWASLU_RI,
    1: OrgKind.BAWASLU_PROVINCE,
    2: OrgKind.BAWASLU_REGENCY,
    3: OrgKind.PANWASCAM,
    4: OrgKind.PKD,
}


def level_of(code: str) -> int:
    return 0 if code == "" else len(code.split("."))


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation at ``region_code`` (default Kota Serang); the kind follows the level.

    The region rows themselves are not created: use the ``regions`` fixture or
    ``RegionFactory`` when a service validates the code.
    """

    class Meta:
        model = Organisation

    region_code = "36.73"
    kind = factory.LazyAttribute(lambda o: KIND_FOR_LEVEL[level_of(o.region_code)])
    name = factory.Sequence(lambda n: f"Kantor {n}")
    address = factory.Faker("street_address", locale="id_ID")
    email = factory.Faker("company_email", locale="id_ID")
    phone = factory.Faker("numerify", text="0254-######")
