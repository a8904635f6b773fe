"""Identity numbers: NIP (Nomor Induk Pegawai) and NIK (Nomor Induk Kependudukan).

A NIP has 18 digits = birth date (YYYYMMDD), appointment month (YYYYMM, TMT CPNS), sex code
(1 male, 2 female), sequence (3 digits). A NIK has 16 digits. Both accept the ASCII digits 0-9
only (spaces are ignored): ``str.isdigit()`` and ``int()`` also take superscripts, Arabic-Indic
and full-width digits, which would either crash or be stored as look-alikes that no search finds.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Nip:
    value: str
    birth_date: date
    appointment_year: int
    appointment_month: int
    sex: str  # "M" or "F"


ASCII_DIGITS = frozenset("0123456789")


def _digits_only(raw: str, *, label: str, code: str) -> str:
    """``raw`` without spaces, or a ValidationError naming the first character that is not one
    of the ASCII digits 0-9."""
    value = "".join(ch for ch in (raw or "") if not ch.isspace())
    for position, ch in enumerate(value, start=1):
        if ch not in ASCII_DIGITS:
            raise ValidationError(
                _("A %(label)s contains only the digits 0-9; character %(position)s "
                  "(“%(char)s”) is not allowed."),
                code=code, params={"label": label, "position": position, "char": ch},
            )
    return value


def parse_nik(raw: str) -> str:
    """The NIK without spaces: exactly 16 ASCII digits, else a ValidationError."""
    value = _digits_only(raw, label="NIK", code="nik_digits")
    if len(value) != 16:
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_length")
    return value


def parse_nip(raw: str) -> Nip:
    """Parse and check a NIP; raises ValidationError with a message in the user's language."""
    value = _digits_only(raw, label="NIP", code="nip_digits")
    if len(value) != 18:
        raise ValidationError(_("A NIP has exactly 18 digits."), code="nip_length")
    try:
        birth = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date in this NIP (%(part)s) is not a real date."),
            code="nip_birth", params={"part": value[0:8]},
        ) from exc
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("The appointment month in this NIP (%(part)s) is not a month."),
            code="nip_month", params={"part": value[8:14]},
        )
    if year < birth.year + 17 or year > timezone.localdate().year + 1:
        raise ValidationError(
            _("The appointment year in this NIP (%(year)s) does not fit the birth date."),
            code="nip_year", params={"year": year},
        )
    if value[14] not in "12":
        raise ValidationError(
            _("The sex code in this NIP must be 1 or 2, not %(code)s."),
            code="nip_sex", params={"code": value[14]},
        )
    return Nip(value, birth, year, month, "M" if value[14] == "1" else "F")


def validate_nip(raw: str) -> None:
    parse_nip(raw)
