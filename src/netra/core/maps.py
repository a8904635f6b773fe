"""Choropleth maps for every module: figures per region drawn over imported boundaries.

``core`` holds no geography and knows no app. An app that stores administrative boundaries
(``risk`` imports them from the office's GeoJSON) registers a *boundary source* in its
``AppConfig.ready``::

    from netra.core.maps import register_boundary_source
    register_boundary_source(boundary_geometries)   # codes -> {code: RegionShape}

Any module then draws its own figures per region without importing that app::

    from netra.core.maps import Choropleth, MapArea
    spec = Choropleth.build(key="banner-coverage", title=..., areas=[MapArea(code, name, 61.5,
                            _("8 of 13 villages"))], unit="%", maximum=100)

``spec`` is ``None`` when no boundary is known for any of the areas: the page then shows its
table or bar chart instead, and never invented geography. In a template,
``{% load maps %}{% choropleth spec %}`` renders a ``<figure>`` whose data travels in a
``json_script`` element (no inline script, see ADR 0008) and that ``netra/maps.js`` draws with
the vendored Leaflet (no tile server, no CDN), followed by the same figures as a table.

The caller decides which regions the user may see: a source returns boundaries for exactly the
codes it is asked about. Boundaries are public geography; the figures are the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RegionShape:
    """One region's boundary: its name and a GeoJSON geometry (Polygon or MultiPolygon)."""

    name: str
    geometry: dict[str, Any]


BoundarySource = Callable[[Sequence[str]], dict[str, RegionShape]]
_SOURCES: list[BoundarySource] = []


def register_boundary_source(source: BoundarySource) -> None:
    """Add a source of boundaries (idempotent: registering the same callable twice is one)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def boundaries(codes: Iterable[str]) -> dict[str, RegionShape]:
    """The boundaries known for ``codes``, from every registered source (first source wins)."""
    wanted = list(dict.fromkeys(code for code in codes if code))
    found: dict[str, RegionShape] = {}
    for source in _SOURCES:
        missing = [code for code in wanted if code not in found]
        if not missing:
            break
        for code, shape in source(missing).items():
            if code in missing:
                found.setdefault(code, shape)
    return found


@dataclass(frozen=True)
class MapArea:
    """A region's figure: ``value`` colours it (``None`` = no figure), ``label`` is its text."""

    code: str
    name: str
    value: float | None
    label: str = ""


@dataclass(frozen=True)
class Choropleth:
    """A map of figures per region, ready for ``{% choropleth %}``.

    ``areas`` are all the regions the page reports on; ``drawn`` those with a boundary.
    Colours run on a sequential blue scale from 0 to ``maximum`` (the largest value when not
    given), so "61 of 61 villages" is the darkest shade and no banner the lightest.
    """

    key: str
    title: str
    areas: tuple[MapArea, ...]
    shapes: dict[str, RegionShape]
    unit: str = ""
    maximum: float | None = None
    note: str = ""

    @classmethod
    def build(cls, *, key: str, title: str, areas: Iterable[MapArea], unit: str = "",
              maximum: float | None = None, note: str = "") -> Choropleth | None:
        areas = tuple(areas)
        shapes = boundaries(area.code for area in areas)
        if not shapes:
            return None
        return cls(key=key, title=title, areas=areas, shapes=shapes, unit=unit,
                   maximum=maximum, note=note)

    @property
    def drawn(self) -> list[MapArea]:
        return [area for area in self.areas if area.code in self.shapes]

    @property
    def missing(self) -> list[MapArea]:
        """Areas of the report that have no boundary (named under the map, never guessed)."""
        return [area for area in self.areas if area.code not in self.shapes]

    def scale_maximum(self) -> float:
        if self.maximum is not None:
            return float(self.maximum)
        values = [area.value for area in self.areas if area.value is not None]
        return float(max(values)) if values else 0.0

    def geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: one feature per drawn area, its figures as properties."""
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": area.code,
                    "geometry": self.shapes[area.code].geometry,
                    "properties": {
                        "code": area.code,
                        "name": area.name,
                        "value": area.value,
                        "label": area.label,
                    },
                }
                for area in self.drawn
            ],
        }

    def payload(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "unit": self.unit,
            "maximum": self.scale_maximum(),
            "data": self.geojson(),
        }


__all__ = [
    "BoundarySource",
    "Choropleth",
    "MapArea",
    "RegionShape",
    "boundaries",
    "register_boundary_source",
]
