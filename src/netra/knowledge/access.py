"""The knowledge base in the access matrix (``netra.core.access``): every page is public (the
rule catalogue is law, not jurisdiction-bound data)."""

from netra.core.access import register_unscoped

register_unscoped("knowledge:*", "public regulation knowledge base and the allowed-or-not checker")
