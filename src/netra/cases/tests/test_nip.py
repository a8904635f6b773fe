"""NIP (Nomor Induk Pegawai) validation: each malformed part gets its own message."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from netra.cases.nip import parse_nip, validate_nip

VALID = "198503102010011003"


def test_valid_example():
    nip = parse_nip(VALID)
    assert nip.value == VALID
    assert nip.birth_date == date(1985, 3, 10)
    assert (nip.appointment_year, nip.appointment_month) == (2010, 1)
    assert nip.sex == "M"
    validate_nip(VALID)


def test_female_code_and_spaces_are_accepted():
    nip = parse_nip("19900115 201503 2 001")
    assert nip.value == "199001152015032001"
    assert nip.sex == "F"


def message(raw: str) -> tuple[str, str]:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        parse_nip(raw)
    return info.value.code, info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "code", "text"),
    [
        ("1985031020100110", "nip_length", "A NIP has exactly 18 digits."),
        ("1985031020100110031", "nip_length", "A NIP has exactly 18 digits."),
        ("", "nip_length", "A NIP has exactly 18 digits."),
        (
            "19850310201001100A",
            "nip_digits",
            "A NIP contains only the digits 0-9; character 18 (“A”) is not allowed.",
        ),
        (
            "198503102010011OO3",
            "nip_digits",
            "A NIP contains only the digits 0-9; character 16 (“O”) is not allowed.",
        ),
        (
            "19850310201²011003",
            "nip_digits",
            "A NIP contains only the digits 0-9; character 12 (“²”) is not allowed.",
        ),
        (
            "198502312010011003",
            "nip_birth",
            "The birth date in this NIP (19850231) is not a real date.",
        ),
        (
            "198513102010011003",
            "nip_birth",
            "The birth date in this NIP (19851310) is not a real date.",
        ),
        (
            "198503102010131003",
            "nip_month",
            "The appointment month in this NIP (201013) is not a month.",
        ),
        (
            "198503102010001003",
            "nip_month",
            "The appointment month in this NIP (201000) is not a month.",
        ),
        (
            "198503102001011003",
            "nip_year",
            "The appointment year in this NIP (2001) does not fit the birth date.",
        ),
        ("198503102010013003", "nip_sex", "The sex code in this NIP must be 1 or 2, not 3."),
        ("198503102010010003", "nip_sex", "The sex code in this NIP must be 1 or 2, not 0."),
    ],
)
def test_each_error_has_its_message(raw, code, text):
    assert message(raw) == (code, text)


def test_appointment_at_seventeen_is_the_earliest_allowed():
    assert parse_nip("198503102002011003").appointment_year == 2002
    assert message("198503102001121003")[0] == "nip_year"


@time_machine.travel(datetime(2024, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False)
def test_appointment_year_cannot_be_in_the_far_future():
    assert parse_nip("198503102025011003").appointment_year == 2025  # next year's intake
    assert message("198503102026011003")[0] == "nip_year"
