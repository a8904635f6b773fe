"""Request headers of the case API, in django-ninja's ``Header[type, {options}]`` shorthand
(mypy cannot read that form; this module is excluded from type checking for it alone)."""

from __future__ import annotations

from ninja import Header

#: ``Idempotency-Key``: a retry of a creating request with the same key and body answers with
#: what the first request created (24 hours); the same key with another body answers 422.
IdempotencyKeyHeader = Header[
    str | None,
    {
        "alias": "Idempotency-Key",
        "min_length": 1,
        "max_length": 255,
        "description": "A unique value per intended creation (e.g. a UUID); a retry with the "
        "same key and body creates nothing new and answers with the first result.",
    },
]
