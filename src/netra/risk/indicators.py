"""Indicator sources: Netra figures per region that a computed indicator can use.

A module registers a source in its ``AppConfig.ready``::

    from netra.risk.indicators import register_indicator_source
    register_indicator_source("prevention.asn_activities", asn_activities_by_region,
                              label=_("ASN-targeted prevention activities"))

``fn(region_codes, election)`` returns ``{region_code: value}`` for the given codes (all of one
level, e.g. districts ``36.73.01``); a region left out has no value (missing data, treated as the
method states). A source may also accept ``user`` as a keyword: it then receives the person
computing the index and counts only what that person may see.

Figures computed from cases come from ``netra.cases.statistics`` (never from case models); those
of the modules below risk (monitoring, prevention) from their selectors, as region aggregates.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import gettext_lazy as _

SourceFn = Callable[..., dict[str, float]]


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: Any
    fn: SourceFn
    wants_user: bool

    def values(self, region_codes: Sequence[str], election, user=None) -> dict[str, float]:
        if self.wants_user:
            return self.fn(region_codes, election, user=user)
        return self.fn(region_codes, election)


_sources: dict[str, IndicatorSource] = {}


def register_indicator_source(key: str, fn: SourceFn, *, label: Any = "") -> None:
    """Register (or replace) the source ``key`` (``"<app>.<name>"``)."""
    wants_user = "user" in inspect.signature(fn).parameters
    _sources[key] = IndicatorSource(key, label or key, fn, wants_user)


def indicator_source(key: str) -> IndicatorSource | None:
    return _sources.get(key)


def indicator_sources() -> list[IndicatorSource]:
    return sorted(_sources.values(), key=lambda s: s.key)


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, f"{s.label} ({s.key})") for s in indicator_sources()]


# --- Sources computed from cases -------------------------------------------------------------


def _place_prefix(length: int):
    """The incident place's code cut to a level (falling back to the handling office's region)."""
    place = Coalesce(NullIf(F("place_region_code"), Value("")), F("region_code"))
    return Substr(place, 1, length)


def _counted_by_region(region_codes: Sequence[str], election, user, **aggregates):
    from netra.cases.statistics import StatisticsFilters, counted_cases

    if not region_codes:
        return []
    length = len(region_codes[0])
    wanted = set(region_codes)
    qs = counted_cases(user=user, filters=StatisticsFilters(election_id=election.pk))
    rows = (
        qs.order_by().annotate(area=_place_prefix(length)).values("area")
        .annotate(**aggregates)
    )
    return [row for row in rows if row["area"] in wanted]


def cases_per_region(region_codes: Sequence[str], election, *, user=None) -> dict[str, float]:
    """Findings and reports whose incident took place in each region (0 where none)."""
    counts = {code: 0.0 for code in region_codes}
    for row in _counted_by_region(region_codes, election, user, n=Count("pk")):
        counts[row["area"]] = float(row["n"])
    return counts


def recommendations_without_follow_up(region_codes: Sequence[str], election, *, user=None
                                      ) -> dict[str, float]:
    """Share (%) of the recommendations of each region's cases that were refused or never
    answered by the civil-service official (PPK); no value where no recommendation was sent."""
    open_or_refused = Q(recommendations__status__in=("sent", "acknowledged", "refused"))
    rows = _counted_by_region(
        region_codes, election, user,
        sent=Count("recommendations", distinct=True),
        unfollowed=Count("recommendations", filter=open_or_refused, distinct=True),
    )
    return {row["area"]: round(100.0 * row["unfollowed"] / row["sent"], 4)
            for row in rows if row["sent"]}


# --- Sources computed from the modules below risk --------------------------------------------


def monitoring_hits(region_codes: Sequence[str], election) -> dict[str, float]:
    """Social-media hits of registered accounts (not dismissed) in each region, from the
    election's first stage to voting day."""
    from netra.elections.selectors import election_period_start
    from netra.monitoring.selectors import hits_per_region

    return hits_per_region(list(region_codes), start=election_period_start(election),
                           end=election.voting_day)


def banner_coverage(region_codes: Sequence[str], election) -> dict[str, float]:
    """Share (%) of each region's villages with a banner placement of the election."""
    from netra.prevention.selectors import banner_village_share

    return banner_village_share(list(region_codes), election_id=election.pk)


def active_cadres(region_codes: Sequence[str], election) -> dict[str, float]:
    """Share (%) of each region's villages with an active KPP cadre of the election: something
    recorded in the N months (NETRA_PREVENTION_CADRE_ACTIVE_MONTHS) before voting day, or
    before today while the election is still ahead."""
    from django.utils import timezone

    from netra.prevention.cadres import active_since
    from netra.prevention.selectors import active_cadre_village_share

    as_of = min(timezone.localdate(), election.voting_day)
    return active_cadre_village_share(list(region_codes), election_id=election.pk,
                                      since=active_since(as_of))


def register_case_sources() -> None:
    register_indicator_source("cases.count", cases_per_region,
                              label=_("Findings and reports in the region"))
    register_indicator_source("cases.unfollowed_recommendations",
                              recommendations_without_follow_up,
                              label=_("Recommendations not followed up (%)"))
    # Region-level aggregates (counts and shares, never names) of the modules risk builds on.
    register_indicator_source("monitoring.hits", monitoring_hits,
                              label=_("Social-media hits of registered accounts"))
    register_indicator_source("prevention.banner_coverage", banner_coverage,
                              label=_("Villages with a banner (%)"))
    register_indicator_source("prevention.active_cadres", active_cadres,
                              label=_("Villages with an active KPP cadre (%)"))
