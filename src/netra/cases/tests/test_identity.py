"""Reporter identity: optional fields may be empty, and everything is encrypted at rest."""

import pytest
from django.db import connection

from netra.cases import services
from netra.cases.models import Reporter, Witness
from netra.cases.services import ReporterInput

from .factories import build_world, open_report


@pytest.fixture
def world(regions):
    return build_world()


def test_report_with_only_the_reporters_name_is_stored(world):
    case = open_report(world, reporters=[ReporterInput(name="Siti Pelapor")])
    reporter = Reporter.objects.get(case=case)
    assert reporter.name == "Siti Pelapor"
    assert not reporter.nik
    assert not reporter.phone
    assert not reporter.email


def test_identity_is_encrypted_at_rest(world):
    case = open_report(
        world,
        reporters=[
            ReporterInput(name="Siti Pelapor", nik="3673014101900001", phone="081234567890")
        ],
    )
    services.add_witness(case=case, actor=world.handler, name="Budi Saksi")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, nik, phone FROM cases_reporter WHERE case_id = %s", [case.pk])
        raw = cursor.fetchone()
        cursor.execute("SELECT name, contact FROM cases_witness WHERE case_id = %s", [case.pk])
        raw_witness = cursor.fetchone()
    assert "Siti" not in raw[0]
    assert raw[1] != "3673014101900001"
    assert "0812" not in raw[2]
    assert "Budi" not in raw_witness[0]
    assert raw_witness[1] is None  # an empty contact is stored as NULL, not as ciphertext
    assert Witness.objects.get(case=case).name == "Budi Saksi"
