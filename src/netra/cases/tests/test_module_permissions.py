"""A role of another module cannot write in cases (issue #13, point 1): prevention staff of
Bawaslu Kota Serang see the office's cases but cannot add reported persons, correct a NIP or
link cases, through the pages or the services."""

import pytest
from django.urls import reverse

from netra.accounts.roles import Role
from netra.cases import services
from netra.cases.models import CaseLink, ReportedPerson
from netra.cases.services import PersonInput
from netra.cases.tests.factories import CaseFactory, ReportedPersonFactory, _user
from netra.core.exceptions import OutOfScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def prevention(w):
    return _user(Role.PREVENTION_STAFF, w.serang, "pencegahan.uji")


@pytest.fixture
def cases(w):
    first = CaseFactory(office=w.serang, election=w.pemilu)
    second = CaseFactory(office=w.serang, election=w.pemilu)
    person = ReportedPersonFactory(case=first, nip="")
    return first, second, person


def test_prevention_staff_see_the_case(client, prevention, cases):
    client.force_login(prevention)
    assert client.get(reverse("cases:case_detail", args=[cases[0].pk])).status_code == 200


def test_prevention_staff_cannot_add_a_reported_person_correct_a_nip_or_link(
    client, prevention, cases
):
    first, second, person = cases
    client.force_login(prevention)
    before = (ReportedPerson.objects.count(), CaseLink.objects.count())

    added = client.post(reverse("cases:case_person_add", args=[first.pk]), {
        "employment_type": "pns", "position": "Lurah", "agency": "Pemerintah Kota Serang",
    })
    nip = client.post(reverse("cases:case_person_nip", args=[first.pk]),
                      {"person": person.pk, "nip": "198503152010012003"})
    linked = client.post(reverse("cases:case_link", args=[first.pk]),
                         {"other": second.pk, "reason": "Peristiwa yang sama"})

    assert {added.status_code, nip.status_code, linked.status_code} == {404}
    person.refresh_from_db()
    assert person.nip == ""
    assert (ReportedPerson.objects.count(), CaseLink.objects.count()) == before


def test_the_services_refuse_too(w, prevention, cases):
    first, second, person = cases
    with pytest.raises(OutOfScope):
        services.add_reported_person(case=first, actor=prevention, person=PersonInput(
            employment_type="pns", position="Lurah", agency="Pemerintah Kota Serang"))
    with pytest.raises(OutOfScope):
        services.complete_nip(person=person, actor=prevention, nip="198503152010012003")
    with pytest.raises(OutOfScope):
        services.link_cases(case=first, other=second, actor=prevention, reason="Sama")


def test_the_handling_staff_still_can(w, cases):
    first, _second, person = cases
    services.complete_nip(person=person, actor=w.handler, nip="198503152010012003")
    person.refresh_from_db()
    assert person.nip == "198503152010012003"
