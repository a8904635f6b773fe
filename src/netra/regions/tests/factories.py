"""Factories for regions (Kemendagri codes are built from the parent's code)."""

import factory

from netra.regions.models import Kind, Region
from netra.regions.services import normalise_name

KIND_FOR_LEVEL = {1: Kind.PROVINCE, 2: Kind.CITY, 3: Kind.DISTRICT, 4: Kind.URBAN_VILLAGE}


class RegionFactory(factory.django.DjangoModelFactory):
    """A region; pass ``code`` (dotted Kemendagri code), the rest is derived from it."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 + n % 10:02d}")
    name = factory.Faker("city", locale="id_ID")
    level = factory.LazyAttribute(lambda o: len(o.code.split(".")))
    kind = factory.LazyAttribute(lambda o: KIND_FOR_LEVEL[o.level])
    parent_code = factory.LazyAttribute(lambda o: o.code.rsplit(".", 1)[0] if "." in o.code else "")
    path = factory.LazyAttribute(lambda o: o.name)
    search_name = factory.LazyAttribute(lambda o: normalise_name(f"{o.name} {o.code}"))
