"""Regions are public reference data (the Kemendagri codes): nothing in them is scoped."""

from netra.core.access import register_unscoped

for _name in ("regions:region_list", "regions:region_detail", "regions:picker",
              "regions:picker_search", "api:list_regions", "api:get_region"):
    register_unscoped(_name, "public reference data (Kemendagri regions)")
