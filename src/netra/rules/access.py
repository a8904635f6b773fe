"""Rules are national reference data (regulations as rows): nothing in them is scoped."""

from netra.core.access import register_unscoped

for _name in ("api:list_violation_types", "api:list_deadline_rules"):
    register_unscoped(_name, "national reference data (rules catalogue)")
