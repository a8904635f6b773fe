"""Cadre sustainability (keberlanjutan kader): who is active, per village, and reminders."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.regions.selectors import region_get

from .models import Cadre, CadreEntry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)


class _Activity(TypedDict):
    is_active: bool
    last_entry: date | None


#: A cadre with ``is_active`` (something recorded since a date) and ``last_entry``.
ActiveCadre: TypeAlias = "WithAnnotations[Cadre, _Activity]"


def active_since(today: date | None = None, months: int | None = None) -> date:
    """The first day that still counts: ``months`` (the setting) before ``today``."""
    today = today or timezone.localdate()
    months = settings.NETRA_PREVENTION_CADRE_ACTIVE_MONTHS if months is None else months
    year, month = today.year, today.month - months
    while month < 1:
        month += 12
        year -= 1
    day = min(today.day, 28)
    return date(year, month, day)


def with_activity(qs: QuerySet[Cadre], since: date) -> QuerySet[ActiveCadre]:
    recent = CadreEntry.objects.filter(cadre=OuterRef("pk"), happened_on__gte=since)
    return qs.annotate(is_active=Exists(recent), last_entry=Max("entries__happened_on"))


def inactive_cadres(qs: QuerySet[Cadre], since: date | None = None) -> QuerySet[ActiveCadre]:
    """Cadres (of ``qs``, already scoped) with nothing recorded since ``since``; a cadre trained
    within the window is still counted as active."""
    since = since or active_since()
    return with_activity(qs, since).filter(is_active=False, trained_on__lt=since)


@dataclass(frozen=True)
class VillageSustainability:
    code: str
    name: str
    district: str
    cadres: int
    active: int


def sustainability_by_village(qs: QuerySet[Cadre], since: date | None = None
                              ) -> list[VillageSustainability]:
    since = since or active_since()
    counts: dict[str, list[int]] = {}
    for cadre in with_activity(qs, since).order_by():
        row = counts.setdefault(cadre.region_code, [0, 0])
        row[0] += 1
        row[1] += 1 if (cadre.is_active or cadre.trained_on >= since) else 0
    rows = []
    for code, (total, active) in sorted(counts.items()):
        region = region_get(code)
        district = region_get(code.rsplit(".", 1)[0])
        rows.append(VillageSustainability(code, region.name if region else code,
                                          district.name if district else "", total, active))
    return rows


def send_inactive_reminders(*, since: date | None = None) -> int:
    """E-mail every inactive cadre that has an address; returns how many were reminded. Runs
    without a logged-in person (celery beat, ``netra remind_inactive_cadres``): all cadres."""
    since = since or active_since()
    sent = 0
    for cadre in inactive_cadres(Cadre.objects.select_related("office"), since):
        if not cadre.email:
            continue
        subject = _("We miss your reports, %(name)s") % {"name": cadre.name}
        body = _(
            "Dear %(name)s,\n\nWe have not received an activity or report from you since "
            "%(since)s. Please record your participatory supervision work, or contact "
            "%(office)s if you need help.\n\n%(office)s"
        ) % {"name": cadre.name, "since": since.isoformat(), "office": cadre.office.name}
        try:
            send_mail(subject, body, None, [cadre.email])
        except Exception:  # one bad address must not stop the others
            logger.exception("Reminder to cadre %s failed", cadre.pk)
            continue
        sent += 1
    return sent
