"""The risk module's boundaries as a source for the shared map component (``netra.core.maps``).

Boundaries are imported per region on the risk module's Boundaries page; once there, every
module's maps (banner coverage in prevention, for instance) can draw those regions.
"""

from __future__ import annotations

from collections.abc import Sequence

from netra.core.maps import RegionShape

from .models import Boundary


def boundary_geometries(codes: Sequence[str]) -> dict[str, RegionShape]:
    """The stored (simplified) geometry of each code that has a boundary. Boundaries are public
    geography: the calling page decides which regions' figures the user may see."""
    rows = Boundary.objects.filter(region_code__in=list(codes)).values_list(
        "region_code", "name", "geometry")
    return {code: RegionShape(name=name, geometry=geometry) for code, name, geometry in rows}
